package org.web4.conformance.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Evidence;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Tally;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.Suite;

/**
 * The run's progress on stderr (issue 16: 20–78 s went by without output). On a terminal a bar,
 * redrawn after every check, with the count, the suite and an estimate of the time left; elsewhere
 * (CI logs) a plain line whenever another 5 % of the checks finished or 10 s went by since the last
 * line. After each suite its line and one line per case that failed (FAILED), errored (ERRORED) or
 * failed as expected (XFAIL).
 */
final class ConsoleProgress implements ProgressListener {
  /** Width of the bar in characters. */
  static final int BAR = 30;

  /** A plain line at least every this many nanoseconds while checks finish. */
  static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;

  /** A plain line whenever this many more twentieths of the checks finished. */
  private static final int PLAIN_STEPS = 20;

  private final PrintWriter err;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private int total;
  private int done;
  private int failed;
  private long startNanos;
  private long lastLineNanos;
  private int lastStep;
  private boolean barShown;

  /**
   * @param terminal draw a bar (stderr is a terminal) rather than print plain lines
   * @param nanoTime the clock the estimate and the plain lines' interval read
   */
  ConsoleProgress(PrintWriter err, boolean terminal, LongSupplier nanoTime) {
    this.err = err;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
  }

  /** Whether the runner's stderr is a terminal a bar can be drawn on (not in CI, not dumb). */
  static boolean onTerminal() {
    return interactive() && System.getenv("CI") == null && !"dumb".equals(System.getenv("TERM"));
  }

  /**
   * Whether the JVM talks to a terminal: on Java 17 to 21 a console exists only then; from Java 22
   * one always exists and {@code Console.isTerminal()} says it.
   */
  @SuppressWarnings("SystemConsoleNull") // the kit runs on Java 17 too, where null is the answer
  private static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (NoSuchMethodException e) {
      return true; // before Java 22: a console is a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  @Override
  public synchronized void runStarting(int checks) {
    total = checks;
    startNanos = nanoTime.getAsLong();
    lastLineNanos = startNanos;
  }

  @Override
  public synchronized void checkFinished(Suite suite, CaseResult result) {
    done++;
    if (result.outcome() == Outcome.FAILED || result.outcome() == Outcome.ERRORED) {
      failed++;
    }
    long now = nanoTime.getAsLong();
    if (terminal) {
      drawBar(suite.name(), now);
      return;
    }
    int step = total == 0 ? PLAIN_STEPS : done * PLAIN_STEPS / total;
    if (step > lastStep || now - lastLineNanos >= PLAIN_INTERVAL_NANOS || done == total) {
      lastStep = step;
      lastLineNanos = now;
      err.println("progress: " + status(suite.name(), now));
      err.flush();
    }
  }

  @Override
  public synchronized void suiteFinished(Suite suite, List<CaseResult> results) {
    clearBar();
    err.printf(
        Locale.ROOT,
        "%-36s %4d cases: %s%n",
        suite.name(),
        results.size(),
        Tally.of(results).summaryLine());
    for (CaseResult r : results) {
      String tag = tag(r.outcome());
      if (tag != null) {
        err.printf(
            Locale.ROOT,
            "  %s %s %s: %s%n",
            tag,
            r.id(),
            r.requirements(),
            // a failure's whole message (an RTT transcript reads well here); an expected one's
            // reason and the first line of its message
            r.outcome() == Outcome.EXPECTED_FAILURE
                ? r.detail() + ": " + firstLine(r.message())
                : r.message());
        if (r.outcome() != Outcome.EXPECTED_FAILURE) {
          transcripts(r);
        }
      }
    }
    err.flush();
  }

  /** A failed case's RTT transcripts, one frame per line, as the message used to carry them. */
  private void transcripts(CaseResult r) {
    for (Evidence e : r.evidence()) {
      if (e.kind() == Evidence.Kind.TRANSCRIPT) {
        err.println("  " + e.label() + ":");
        e.text().lines().forEach(line -> err.println("    " + line));
        if (e.truncated()) {
          err.println("    … (" + e.bytes() + " bytes in all)");
        }
      }
    }
  }

  /** How a case is flagged after its suite's line; null for a case not worth a line. */
  static @org.jspecify.annotations.Nullable String tag(Outcome outcome) {
    return switch (outcome) {
      case FAILED -> "FAILED";
      case ERRORED -> "ERRORED";
      case EXPECTED_FAILURE -> "XFAIL";
      default -> null;
    };
  }

  /** {@code 312/824 checks (37%), 2 failed, jcs/jcs_test.json, about 0:42 left}. */
  String status(String suite, long now) {
    int percent = total == 0 ? 100 : done * 100 / total;
    StringBuilder s =
        new StringBuilder()
            .append(done)
            .append('/')
            .append(total)
            .append(" checks (")
            .append(percent)
            .append("%)");
    if (failed > 0) {
      s.append(", ").append(failed).append(" failed");
    }
    s.append(", ").append(suite);
    if (done > 0 && done < total) {
      long left = (now - startNanos) / done * (total - done) / 1_000_000_000L;
      s.append(String.format(Locale.ROOT, ", about %d:%02d left", left / 60, left % 60));
    }
    return s.toString();
  }

  private void drawBar(String suite, long now) {
    int filled = total == 0 ? BAR : done * BAR / total;
    err.print(
        "\r\u001b[K[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + status(suite, now));
    err.flush();
    barShown = true;
  }

  private void clearBar() {
    if (barShown) {
      err.print("\r\u001b[K");
      barShown = false;
    }
  }

  private static String firstLine(@org.jspecify.annotations.Nullable String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl) + " …";
  }
}
