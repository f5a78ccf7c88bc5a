package org.web4.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web4.testing.JsonGen;

/** ECMAScript number serialization, checked against published values and an independent oracle. */
class Es6NumberFormatTest {

  /** The sample lines of the RFC 8785 ES6 number test file, plus the notation thresholds. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "4340000000000001, 9007199254740994",
    "4340000000000002, 9007199254740996",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "8000000000000000, 0",
    "0000000000000000, 0",
    "4415af1d78b58c40, 100000000000000000000",
    "3e7ad7f29abcaf48, 1e-7",
    "0000000000000001, 5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "4430000000000000, 295147905179352830000",
  })
  void publishedValues(String bits, String expected) {
    assertThat(Es6NumberFormat.format(Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16))))
        .isEqualTo(expected);
  }

  @Test
  void everyFiniteDoubleRoundTrips() {
    qt().withFixedSeed(0xD0B1EL)
        .withExamples(20_000)
        .forAll(JsonGen.finiteDoubles())
        .check(d -> Double.parseDouble(Es6NumberFormat.format(d)) == (d == 0 ? 0.0 : d));
  }

  /**
   * CPython's {@code repr} gives the shortest round-trip digits by an independent algorithm (David
   * Gay's); laid out with the ECMAScript rules it must equal our output for random bit patterns.
   */
  @Test
  void agreesWithCPythonOnRandomDoubles() throws Exception {
    Random random = new Random(20261123L);
    List<Double> values = new ArrayList<>();
    while (values.size() < 20_000) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(d)) {
        values.add(d);
      }
    }
    String script =
        """
        import sys, struct
        def es6(x):
            if x == 0: return '0'
            if x < 0: return '-' + es6(-x)
            r = repr(x)
            mant, _, ex = r.partition('e')
            ex = int(ex) if ex else 0
            ip, _, fp = mant.partition('.')
            digits = (ip + fp).lstrip('0')
            n = (len(ip.lstrip('0')) if ip.lstrip('0') else -(len(fp) - len(fp.lstrip('0')))) + ex
            digits = digits.rstrip('0') or '0'
            k = len(digits)
            if k <= n <= 21: return digits + '0' * (n - k)
            if 0 < n <= 21: return digits[:n] + '.' + digits[n:]
            if -6 < n <= 0: return '0.' + '0' * (-n) + digits
            e = n - 1
            return digits[0] + ('.' + digits[1:] if k > 1 else '') + 'e' + ('+' if e >= 0 else '-') + str(abs(e))
        for line in sys.stdin:
            print(es6(struct.unpack('>d', bytes.fromhex(line.strip()))[0]))
        """;
    // input goes through a file: writing to a pipe while the child's output pipe fills would
    // deadlock
    java.nio.file.Path input = java.nio.file.Files.createTempFile("doubles", ".txt");
    StringBuilder lines = new StringBuilder();
    for (double d : values) {
      lines.append(String.format("%016x%n", Double.doubleToRawLongBits(d)));
    }
    java.nio.file.Files.writeString(input, lines, StandardCharsets.US_ASCII);
    Process python =
        new ProcessBuilder("python3", "-c", script)
            .redirectInput(input.toFile())
            .redirectErrorStream(true)
            .start();
    List<String> expected = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(python.getInputStream(), StandardCharsets.US_ASCII))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        expected.add(line);
      }
    }
    assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
    java.nio.file.Files.delete(input);
    assertThat(expected).hasSize(values.size());
    for (int i = 0; i < values.size(); i++) {
      double d = values.get(i);
      assertThat(Es6NumberFormat.format(d))
          .as("double %016x", Double.doubleToRawLongBits(d))
          .isEqualTo(expected.get(i));
    }
  }
}
