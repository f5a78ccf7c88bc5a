package org.web4.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Serializes a double the way ECMAScript's Number.prototype.toString does (ECMA-262 §6.1.6.1.20),
 * which RFC 8785 §3.2.2.3 prescribes for canonical JSON [ENV-JCS-003].
 *
 * <p>The algorithm: find the shortest decimal digit string {@code s} (k digits) and exponent {@code
 * n} such that {@code s × 10^(n−k)} rounds back to the same double; when two such strings exist,
 * take the one closer to the exact value (ties: even last digit). Then lay it out: integers up to
 * 21 digits in plain notation, fractions down to 1e-7 in plain notation, everything else as {@code
 * d.ddde±x}.
 *
 * <p>JDK 17's {@code Double.toString} does not always give the shortest digits (fixed in JDK 19),
 * so the digits are found here with exact {@link BigDecimal} arithmetic: for each precision the two
 * neighbouring candidates are tried.
 */
public final class Es6NumberFormat {
  private Es6NumberFormat() {}

  public static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("not representable in JSON: " + value);
    }
    if (value == 0) {
      return "0"; // both +0 and -0
    }
    if (value < 0) {
      return "-" + format(-value);
    }
    BigDecimal shortest = shortestRoundTrip(value);
    String digits = shortest.unscaledValue().toString();
    // value = digits × 10^(-scale) = 0.digits × 10^n
    int k = digits.length();
    int n = k - shortest.scale();
    return layout(digits, k, n);
  }

  private static BigDecimal shortestRoundTrip(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal down = exact.round(new MathContext(precision, RoundingMode.FLOOR));
      BigDecimal up = exact.round(new MathContext(precision, RoundingMode.CEILING));
      boolean downOk = Double.parseDouble(down.toString()) == value;
      boolean upOk = Double.parseDouble(up.toString()) == value;
      if (downOk && upOk && down.compareTo(up) != 0) {
        int cmp = exact.subtract(down).compareTo(up.subtract(exact));
        if (cmp < 0) {
          return stripZeros(down);
        }
        if (cmp > 0) {
          return stripZeros(up);
        }
        return stripZeros(down.unscaledValue().testBit(0) ? up : down);
      }
      if (downOk) {
        return stripZeros(down);
      }
      if (upOk) {
        return stripZeros(up);
      }
    }
    throw new AssertionError("17 significant digits always round-trip: " + value);
  }

  private static BigDecimal stripZeros(BigDecimal d) {
    return d.stripTrailingZeros();
  }

  private static String layout(String digits, int k, int n) {
    StringBuilder out = new StringBuilder(32);
    if (k <= n && n <= 21) {
      out.append(digits);
      out.append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      int exponent = n - 1;
      out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
    }
    return out.toString();
  }
}
