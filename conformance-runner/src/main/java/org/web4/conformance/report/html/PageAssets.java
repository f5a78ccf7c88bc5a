package org.web4.conformance.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The page's style sheet and filtering script, read once from the runner's class path and inlined
 * into every report (report.html loads nothing: it must open offline, from a CI artifact).
 */
final class PageAssets {
  static final String CSS = read("report.css");
  static final String JS = read("report.js");

  private PageAssets() {}

  private static String read(String name) {
    try (InputStream in = PageAssets.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "the runner is missing its resource org/web4/conformance/report/html/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the report's " + name, e);
    }
  }
}
