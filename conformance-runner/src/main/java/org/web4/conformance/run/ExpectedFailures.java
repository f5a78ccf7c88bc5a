package org.web4.conformance.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.target.TargetException;
import org.web4.envelope.SchemaCatalog;

/**
 * A target's expected-failures file (schemas/target/expected_failures.schema.json): requirement IDs
 * or case ids that are known to fail for that implementation, each with its reason. Nothing is
 * hidden: a listed failure is reported as {@code expected_failure} with the reason; a failure that
 * is not listed fails the run; and a listed entry whose cases ran and all passed is <b>stale</b>
 * and fails the run too, so the file cannot silently outlive the bug.
 */
public final class ExpectedFailures {
  public static final String SCHEMA = "target/expected_failures.schema.json";

  /** One entry: a requirement ID or a case id, and why it fails. */
  public record Entry(String id, String reason) {}

  /** The cases with listed failures marked, and the stale entries. */
  public record Applied(List<CaseResult> cases, List<RunResult.StaleExpectation> stale) {}

  private final List<Entry> entries;

  public ExpectedFailures(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static ExpectedFailures none() {
    return new ExpectedFailures(List.of());
  }

  public List<Entry> entries() {
    return entries;
  }

  /** Reads and validates a file. */
  public static ExpectedFailures read(Path file) throws TargetException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new TargetException(
          "expected failures " + org.web4.conformance.target.JsonFileProblem.describe(file, e), e);
    }
    List<String> violations =
        SchemaCatalog.describe(SchemaCatalog.get().schema(SCHEMA).validate(root));
    if (!violations.isEmpty()) {
      throw new TargetException(
          file + ": not an expected-failures file (" + SCHEMA + "): " + violations);
    }
    List<Entry> entries = new ArrayList<>();
    for (JsonNode e : root.path("entries")) {
      entries.add(new Entry(e.path("id").asText(), e.path("reason").asText()));
    }
    return new ExpectedFailures(entries);
  }

  /** Marks the listed failures and finds the stale entries. */
  public Applied apply(List<CaseResult> cases) {
    List<CaseResult> out = new ArrayList<>(cases.size());
    for (CaseResult c : cases) {
      out.add(mark(c));
    }
    List<RunResult.StaleExpectation> stale = new ArrayList<>();
    for (Entry e : entries) {
      boolean ran = false;
      boolean stillFails = false;
      for (CaseResult c : cases) {
        if (!matches(e, c)) {
          continue;
        }
        stillFails |= c.outcome() == Outcome.FAILED || c.outcome() == Outcome.ERRORED;
        ran |= c.outcome() == Outcome.PASSED;
      }
      if (ran && !stillFails) {
        stale.add(new RunResult.StaleExpectation(e.id(), e.reason()));
      }
    }
    return new Applied(out, stale);
  }

  /** The case as an expected failure if an entry lists it and it failed or errored; else as is. */
  public CaseResult mark(CaseResult c) {
    Entry e = entryFor(c);
    boolean failed = c.outcome() == Outcome.FAILED || c.outcome() == Outcome.ERRORED;
    if (e == null || !failed) {
      return c;
    }
    return new CaseResult(
        c.id(),
        c.suite(),
        c.title(),
        c.kind(),
        c.requirements(),
        Outcome.EXPECTED_FAILURE,
        "expected (" + e.id() + "): " + e.reason(),
        c.duration(),
        c.request(),
        c.reply(),
        c.expected(),
        c.message(),
        c.evidence());
  }

  /**
   * {@code next}, hearing every case as {@link #mark} makes it: the console prints an expected
   * failure as XFAIL as it happens, not as FAILED (issue 16).
   */
  public ProgressListener marking(ProgressListener next) {
    return new ProgressListener() {
      @Override
      public void runStarting(int checks) {
        next.runStarting(checks);
      }

      @Override
      public void checkFinished(Suite suite, CaseResult result) {
        next.checkFinished(suite, mark(result));
      }

      @Override
      public void suiteFinished(Suite suite, List<CaseResult> results) {
        next.suiteFinished(suite, results.stream().map(ExpectedFailures.this::mark).toList());
      }
    };
  }

  private @Nullable Entry entryFor(CaseResult c) {
    for (Entry e : entries) {
      if (matches(e, c)) {
        return e;
      }
    }
    return null;
  }

  private static boolean matches(Entry e, CaseResult c) {
    return e.id().equals(c.id()) || c.requirements().contains(e.id());
  }
}
