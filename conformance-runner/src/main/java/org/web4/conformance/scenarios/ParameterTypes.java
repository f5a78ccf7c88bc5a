package org.web4.conformance.scenarios;

import io.cucumber.java.ParameterType;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.web4.envelope.Protocol;

/** Every parameter type of the step library, in one place (docs/writing-scenarios.md). */
public final class ParameterTypes {

  /** What a Then step expects of a verification: valid, or invalid with one error code. */
  public record ExpectedVerdict(boolean valid, @Nullable String error) {
    @Override
    public String toString() {
      return valid ? "valid" : "invalid with error " + error;
    }
  }

  /** Bytes added before or after an envelope's wire text. */
  @SuppressWarnings("ArrayRecordComponent") // a step argument; never compared or hashed
  public record ByteChange(boolean prefix, byte[] bytes) {}

  private static final Pattern VERDICT = Pattern.compile("invalid with error \"([A-Z_]+)\"");
  private static final Pattern CHANGE =
      Pattern.compile("the (prefix|suffix) (hex|text) \"([^\"]*)\"");

  @ParameterType("valid|invalid with error \"[A-Z_]+\"")
  public ExpectedVerdict verdict(String text) {
    if (text.equals("valid")) {
      return new ExpectedVerdict(true, null);
    }
    Matcher m = VERDICT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(text);
    }
    return new ExpectedVerdict(false, m.group(1));
  }

  @ParameterType("cip|hcp|lip")
  public Protocol protocol(String member) {
    return Protocol.valueOf(member.toUpperCase(Locale.ROOT));
  }

  @ParameterType("the (?:prefix|suffix) (?:hex|text) \"[^\"]*\"")
  public ByteChange change(String text) {
    Matcher m = CHANGE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(text);
    }
    byte[] bytes =
        m.group(2).equals("hex")
            ? HexFormat.of().parseHex(m.group(3))
            : m.group(3).getBytes(StandardCharsets.UTF_8);
    return new ByteChange(m.group(1).equals("prefix"), bytes);
  }
}
