package org.web4.conformance.report.digest;

/** A file given as a report is not one: its message names the file and what is wrong. */
public final class ReportFileException extends Exception {
  private static final long serialVersionUID = 1L;

  public ReportFileException(String message) {
    super(message);
  }

  public ReportFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
