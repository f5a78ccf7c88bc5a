package org.web4.conformance.model;

/**
 * The tail of what the implementation under test wrote while the runner drove it (empty for a
 * target the runner connected to rather than started).
 *
 * @param stdout the last bytes of standard output, decoded as UTF-8
 * @param stderr the last bytes of standard error, decoded as UTF-8
 * @param truncated whether either stream was longer than what is kept
 */
public record CapturedOutput(String stdout, String stderr, boolean truncated) {
  public static CapturedOutput none() {
    return new CapturedOutput("", "", false);
  }
}
