package org.web4.conformance.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.web4.conformance.model.CaseKind;

/**
 * How long a piece of a parallel run is expected to take, so that {@code --jobs} hands out the
 * longest first (longest processing time first, docs/adr/1421): a run ends when its last case ends,
 * and a LIP scenario that waits 3 s of real time, handed out last, keeps the run going 3 s after
 * the other workers ran out of work. The figures are the case durations of a measured run (the
 * resource {@code case-durations.tsv}: every case of 250 ms or more, every suite run whole); a case
 * it does not list is expected to take its kind's typical time. They only order the work: a stale
 * or missing line changes when a case starts, never its verdict.
 */
final class CaseDurations {
  private static final String RESOURCE = "case-durations.tsv";

  private final Map<String, Long> millis;
  private final boolean uniform;

  private CaseDurations(Map<String, Long> millis, boolean uniform) {
    this.millis = Map.copyOf(millis);
    this.uniform = uniform;
  }

  /** The durations bundled with the kit. */
  static CaseDurations bundled() {
    return Holder.BUNDLED;
  }

  /** Every case alike (one unit each): a suite's estimate is its number of checks. */
  static CaseDurations uniform() {
    return new CaseDurations(Map.of(), true);
  }

  /** Durations from tab-separated lines {@code milliseconds<TAB>case id or suite name}. */
  static CaseDurations of(Map<String, Long> millis) {
    return new CaseDurations(millis, false);
  }

  /** The expected duration of a piece of work: its suite's if listed, else its checks' sum. */
  long estimate(Suite piece) {
    if (!uniform && !(piece instanceof ParallelRun.Part)) {
      Long whole = millis.get(piece.name());
      if (whole != null) {
        return whole;
      }
    }
    long sum = 0;
    for (Check check : piece.checks()) {
      sum += estimate(check);
    }
    return sum;
  }

  private long estimate(Check check) {
    if (uniform) {
      return 1;
    }
    Long listed = millis.get(check.id());
    return listed != null ? listed : typical(check.kind());
  }

  /** What a case of this kind not listed takes (a run's medians, rounded up). */
  private static long typical(CaseKind kind) {
    return switch (kind) {
      case VECTOR -> 2;
      case SCENARIO -> 80;
      case PROPERTY -> 200;
      case JUDGE -> 0;
    };
  }

  static CaseDurations parse(InputStream in) throws IOException {
    Map<String, Long> millis = new HashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        if (tab < 0) {
          throw new IOException(RESOURCE + ": not milliseconds<TAB>id: " + line);
        }
        try {
          millis.put(line.substring(tab + 1), Long.parseLong(line.substring(0, tab).trim()));
        } catch (NumberFormatException e) {
          throw new IOException(RESOURCE + ": not milliseconds<TAB>id: " + line, e);
        }
      }
    }
    return of(millis);
  }

  private static final class Holder {
    static final CaseDurations BUNDLED = load();

    private static CaseDurations load() {
      try (InputStream in = CaseDurations.class.getResourceAsStream(RESOURCE)) {
        return in == null ? of(Map.of()) : parse(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
