package org.web4.conformance.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.judge.WireJudge;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Evidence;
import org.web4.conformance.model.Evidences;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.rtt.TesterContext;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.spec.RunnerConfigurationException;

/**
 * Runs suites against one implementation and turns every check into a {@link CaseResult}: the
 * check's own verdict, NOT_APPLICABLE (naming what is missing) when the run's profile or the
 * implementation's offer does not meet the check's {@link Needs}, ERRORED with a trace when the
 * check throws. Before anything runs, every requirement ID that a check names is looked up in
 * spec/; an unknown ID is a {@link RunnerConfigurationException}.
 *
 * <p>While the suites run, a {@link WireJudge} judges everything the implementation sends on every
 * tester connection; its verdicts are the {@code wire-judge} suite, run after all the others.
 */
public final class ConformanceRunner {
  private final RequirementCatalog requirements;
  private final Profile profile;
  private final long seed;
  private final @Nullable HarnessClient harness;
  private @Nullable InetSocketAddress rtt;
  private final ProgressListener progress;
  private Clock testerClock = Clock.systemUTC();
  private @Nullable WireJudge judge;
  private Offer offer = Offer.everything();
  private @Nullable ProcessHandle process;

  /**
   * @param harness the implementation's harness; null if the run has none (then every check that
   *     asks for it errors)
   */
  public ConformanceRunner(
      RequirementCatalog requirements,
      Profile profile,
      long seed,
      @Nullable HarnessClient harness,
      ProgressListener progress) {
    this.requirements = requirements;
    this.profile = profile;
    this.seed = seed;
    this.harness = harness;
    this.progress = progress;
  }

  /** Where the implementation listens for RTT; without it every RTT check errors. */
  public ConformanceRunner withRtt(@Nullable InetSocketAddress address) {
    this.rtt = address;
    return this;
  }

  /**
   * The tester's clock (the system clock unless set): tester envelopes are stamped with it, and the
   * wire judge reads the implementation's clock as it plus the harness's clock moves. A fixed
   * clock, with a fixed seed, makes the tester send the same bytes in every run.
   */
  public ConformanceRunner withTesterClock(Clock clock) {
    this.testerClock = clock;
    return this;
  }

  /** The wire judge of the next {@link #run}; by default a fresh one on the tester clock. */
  public ConformanceRunner withWireJudge(WireJudge wireJudge) {
    this.judge = wireJudge;
    return this;
  }

  /**
   * What the implementation offers (its harness's listed capabilities, an RTT address); a check
   * that needs something it does not offer is not applicable. By default everything.
   */
  public ConformanceRunner withOffer(Offer implementationOffer) {
    this.offer = implementationOffer;
    return this;
  }

  /**
   * The implementation's process, when the runner launched it (the robustness checks observe its
   * CPU time and memory); none by default.
   */
  public ConformanceRunner withProcess(@Nullable ProcessHandle implementationProcess) {
    this.process = implementationProcess;
    return this;
  }

  /** Checks that every check of every suite names only requirement IDs defined in spec/. */
  public static void validate(List<Suite> suites, RequirementCatalog requirements) {
    for (Suite suite : suites) {
      for (Check check : suite.checks()) {
        if (check.requirements().isEmpty()) {
          throw new RunnerConfigurationException(check.id() + " names no requirement ID");
        }
        requirements.requireKnown(check.id(), check.requirements());
      }
    }
  }

  /**
   * Runs the suites. While they run a {@link WireJudge} watches every tester connection; when the
   * suites include the {@code wire-judge} suite ({@link ConformanceRun#suites} lists it, {@link
   * WireJudgeSuite#listing} makes it), it runs last, with that judge's verdicts.
   */
  public List<CaseResult> run(List<Suite> suites) {
    validate(suites, requirements);
    WireJudge wire = newJudge();
    announce(suites);
    Iterator<Suite> next = suites.iterator();
    List<CaseResult> all = new ArrayList<>();
    watched(() -> next.hasNext() ? next.next() : null, wire, (suite, cases) -> all.addAll(cases));
    if (suites.stream().anyMatch(WireJudgeSuite.class::isInstance)) {
      all.addAll(judged(List.of(wire))); // its verdicts exist only once the other suites have run
    }
    return all;
  }

  /** The wire judge of the next run: the one set, else a fresh one on the tester clock. */
  WireJudge newJudge() {
    return judge != null ? judge : freshJudge();
  }

  /** A new wire judge on the tester clock (each worker of a run with {@code --jobs} has one). */
  WireJudge freshJudge() {
    return new WireJudge(testerClock);
  }

  /** Tells the progress listener how many checks the run has. */
  void announce(List<Suite> suites) {
    progress.runStarting(suites.stream().mapToInt(s -> s.checks().size()).sum());
  }

  /**
   * Runs the suites {@code next} hands out until it hands out null, every tester connection watched
   * by {@code wire}, and gives each suite's cases to {@code done}; the wire-judge suite is left for
   * {@link #judged}. A run with {@code --jobs} calls it once per worker (docs/adr/1103).
   */
  void watched(
      Supplier<@Nullable Suite> next, WireJudge wire, BiConsumer<Suite, List<CaseResult>> done) {
    CheckContext context = new Context();
    TesterContext.Binding clock = TesterContext.useClock(testerClock);
    TesterContext.Binding observed = TesterContext.observe(wire);
    if (harness != null) {
      harness.listen(wire);
    }
    try {
      for (Suite suite = next.get(); suite != null; suite = next.get()) {
        if (!(suite instanceof WireJudgeSuite)) {
          done.accept(suite, runSuite(suite, context, wire));
        }
      }
    } finally {
      if (harness != null) {
        harness.unlisten(wire);
      }
      observed.close();
      clock.close();
    }
  }

  /** The wire-judge suite's cases: the verdicts of the judges that watched the run. */
  List<CaseResult> judged(List<WireJudge> judges) {
    return runSuite(new WireJudgeSuite(judges, requirements), new Context(), null);
  }

  private List<CaseResult> runSuite(Suite suite, CheckContext context, @Nullable WireJudge wire) {
    List<CaseResult> results = new ArrayList<>();
    for (Check check : suite.checks()) {
      if (wire != null) {
        wire.checkStarted(check.id());
      }
      CaseResult result = runOne(suite, check, context);
      results.add(result);
      if (wire != null) {
        wire.checkFinished();
      }
      progress.checkFinished(suite, result);
    }
    if (!(suite instanceof ParallelRun.Part)) {
      progress.suiteFinished(suite, results); // a feature's scenario run apart: ParallelRun says it
    }
    return results;
  }

  /** Tells the progress listener that a suite finished (a feature run scenario by scenario). */
  void suiteFinished(Suite suite, List<CaseResult> results) {
    progress.suiteFinished(suite, results);
  }

  private CaseResult runOne(Suite suite, Check check, CheckContext context) {
    Optional<String> unmet = Needs.of(suite, check).unmetBy(profile, offer);
    if (unmet.isPresent()) {
      return notApplicable(suite, check, unmet.get());
    }
    long start = System.nanoTime();
    try {
      CheckOutcome o = check.run(context);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      return new CaseResult(
          check.id(),
          suite.name(),
          check.title(),
          check.kind(),
          check.requirements(),
          o.outcome(),
          o.outcome() == Outcome.SKIPPED || o.outcome() == Outcome.NOT_APPLICABLE
              ? o.message()
              : null,
          took,
          o.request(),
          o.reply(),
          o.expected(),
          o.message(),
          o.outcome() == Outcome.FAILED ? withDecodedHex(o) : o.evidence());
    } catch (HarnessException e) {
      // decision 2 of issue 15: an operation the implementation does not list answers 404
      // (HAR-INFO-003); a check that called it anyway is not applicable, not errored
      Optional<String> unlisted =
          Needs.unlistedOperation(e.operation(), e.status(), e.rawReply(), offer);
      if (unlisted.isPresent()) {
        return notApplicable(suite, check, unlisted.get());
      }
      return errored(
          suite,
          check,
          e,
          start,
          e.requestBody().isEmpty() ? null : JsonText.parseOrString(e.requestBody()),
          e.rawReply() == null ? null : JsonText.parseOrString(e.rawReply()),
          e.getMessage());
    } catch (Exception | AssertionError e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return errored(suite, check, e, start, null, null, String.valueOf(e));
    }
  }

  private static CaseResult notApplicable(Suite suite, Check check, String reason) {
    return new CaseResult(
        check.id(),
        suite.name(),
        check.title(),
        check.kind(),
        check.requirements(),
        Outcome.NOT_APPLICABLE,
        reason,
        Duration.ZERO,
        null,
        null,
        null,
        null,
        List.of());
  }

  /** A case that could not be decided: the implementation or the check itself failed. */
  private static CaseResult errored(
      Suite suite,
      Check check,
      Throwable e,
      long start,
      @Nullable JsonNode request,
      @Nullable JsonNode reply,
      @Nullable String message) {
    return new CaseResult(
        check.id(),
        suite.name(),
        check.title(),
        check.kind(),
        check.requirements(),
        Outcome.ERRORED,
        trace(e),
        Duration.ofNanos(System.nanoTime() - start),
        request,
        reply,
        null,
        message,
        erroredEvidence(request, reply, trace(e)));
  }

  /**
   * A failed check's evidence followed by the JSON texts hidden in hex members of its exchange
   * (issue 16).
   */
  private static List<Evidence> withDecodedHex(CheckOutcome o) {
    List<Evidence> all = new ArrayList<>(o.evidence());
    all.addAll(HexEvidence.of(o.request(), o.reply(), o.expected()));
    return all;
  }

  /** An errored case's exchange decoded, then its stack trace (issue 16: TRACE, folded). */
  private static List<Evidence> erroredEvidence(
      @Nullable JsonNode request, @Nullable JsonNode reply, String trace) {
    List<Evidence> all = new ArrayList<>(HexEvidence.of(request, reply, null));
    all.add(Evidences.trace("stack trace", trace));
    return all;
  }

  private static String trace(Throwable e) {
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  private final class Context implements CheckContext {
    @Override
    public boolean hasHarness() {
      return harness != null;
    }

    @Override
    public HarnessClient harness() {
      if (harness == null) {
        throw new IllegalStateException("this run has no harness");
      }
      return harness;
    }

    @Override
    public Optional<InetSocketAddress> rtt() {
      return Optional.ofNullable(rtt);
    }

    @Override
    public long seed() {
      return seed;
    }

    @Override
    public Profile profile() {
      return profile;
    }

    @Override
    public Optional<ProcessHandle> process() {
      return Optional.ofNullable(process);
    }
  }
}
