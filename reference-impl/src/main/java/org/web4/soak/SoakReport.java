package org.web4.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The soak's table: one row per interval (a minute by default), printed as a Markdown table row and
 * appended to the report files — {@code FILE} as CSV and {@code FILE.md} as Markdown.
 */
final class SoakReport {
  /** One row: totals so far, the interval's latencies, and the two processes' figures. */
  record Row(
      long elapsedSeconds,
      IntentLedger.Totals t,
      long reconnects,
      long resumed,
      long fresh,
      long kills,
      ProcessFigures listener,
      ProcessFigures soak,
      long soakHeapAfterGcMib) {
    List<Object> cells() {
      return List.of(
          elapsedSeconds,
          t.sent(),
          t.delivered(),
          t.duplicated(),
          t.refused(),
          t.refusedHere(),
          t.overdue(),
          t.outstanding(),
          kills,
          reconnects,
          resumed,
          fresh,
          ms(t.p50Micros()),
          ms(t.p99Micros()),
          listener.rssKib() / 1024,
          listener.threads(),
          listener.fds(),
          soak.rssKib() / 1024,
          soakHeapAfterGcMib,
          soak.threads(),
          soak.fds());
    }
  }

  static final List<String> COLUMNS =
      List.of(
          "elapsed_s",
          "sent",
          "delivered",
          "duplicated",
          "refused",
          "refused_here",
          "overdue",
          "outstanding",
          "kills",
          "reconnects",
          "resumed",
          "fresh",
          "p50_ms",
          "p99_ms",
          "listener_rss_mib",
          "listener_threads",
          "listener_fds",
          "soak_rss_mib",
          "soak_heap_after_gc_mib",
          "soak_threads",
          "soak_fds");

  private final PrintStream out;
  private final @Nullable Path csv;
  private final @Nullable Path markdown;

  SoakReport(PrintStream out, @Nullable Path file) throws IOException {
    this.out = out;
    this.csv = file;
    this.markdown = file == null ? null : file.resolveSibling(file.getFileName() + ".md");
    String header = "| " + String.join(" | ", COLUMNS) + " |";
    String rule = "|" + "---|".repeat(COLUMNS.size());
    out.println(header);
    out.println(rule);
    if (csv != null && markdown != null) {
      Path parent = csv.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(csv, String.join(",", COLUMNS) + "\n", StandardCharsets.UTF_8);
      Files.writeString(markdown, header + "\n" + rule + "\n", StandardCharsets.UTF_8);
    }
  }

  void row(Row r) {
    List<String> cells = r.cells().stream().map(String::valueOf).toList();
    String md = "| " + String.join(" | ", cells) + " |";
    out.println(md);
    out.flush();
    append(csv, String.join(",", cells));
    append(markdown, md);
  }

  /** Free text after the table (the summary), to standard output and the Markdown file. */
  void note(String line) {
    out.println(line);
    out.flush();
    append(markdown, line);
  }

  private static void append(@Nullable Path file, String line) {
    if (file == null) {
      return;
    }
    try {
      Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the table on standard output remains
    }
  }

  static String ms(long micros) {
    return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
  }
}
