package org.web4.conformance.miniatures;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.testing.BackgroundRun;
import org.web4.conformance.testing.FailedRequirements;
import org.web4.rtt.Deviation;

/**
 * The areas of docs/deviations.md and, for each, the scenarios its deviations run through (every
 * scenario a deviation of the area could break) with a seed of its own. Each area's test class
 * makes one JUnit case per row of its area.
 */
enum DeviationArea {
  RTT("@rtt and not @cip and not @lip and not @mesh", 23, "RttDeviationsTest"),
  CIP("@cip and not @hcp and not @mesh", 31, "CipDeviationsTest"),
  HCP("@hcp", 29, "HcpDeviationsTest"),
  LIP("@lip", 37, "LipDeviationsTest"),
  EVENTS("@events and not @mesh", 41, "EventDeviationsTest"),
  /** The mesh scenarios (spec/mesh.md and its events), which the other areas leave out. */
  MESH("@mesh", 47, "MeshDeviationsTest"),
  /**
   * What the implementation sends, judged by the wire judge in every scenario: RTT, CIP and the CIP
   * events (the INTENT_RESPONSE of each SEND_ deviation is in the CIP intents).
   */
  SENDER("@rtt and not @hcp and not @lip and not @mesh", 43, "SenderDeviationsTest"),
  /**
   * The {@code @slow} scenarios, run as --slow runs them (RTT-LIM-010's 4,096 connections); the
   * other areas report them skipped.
   */
  SLOW("@slow", 53, "SlowDeviationsTest");

  /** The run-level suite of the wire judge, which alone judges what the implementation sends. */
  static final String WIRE_JUDGE = "wire-judge";

  /**
   * Deviant runs at once, all areas together, while the build's whole-kit runs against the
   * reference and web4py go beside them (ADR 1107's three). The build's {@code
   * ParallelRunAgreesTest} runs four workers on the same machine; three here leave room for the
   * rest of the JVM.
   */
  private static final int CONCURRENT_RUNS = Integer.getInteger("web4.deviant.runs", 3);

  /**
   * Deviant runs at once at most, once the whole-kit runs beside them have ended and left their
   * places ({@link #onePlaceMore}; docs/adr/1431): as many Java runs as the start of the test plan
   * holds. {@code -Dweb4.deviant.runs.max=3} keeps three throughout, as before.
   */
  private static final int MOST_RUNS = Integer.getInteger("web4.deviant.runs.max", 5);

  /**
   * The areas whose runs take longest first (Surefire times of a fresh-clone build: LIP's real-time
   * limits and HCP's answer deadlines), so that the early start ({@link DeviantRunsEarly}) has them
   * done by the time their test classes ask. SLOW is not started early: its 4,096 handshakes
   * (RTT-LIM-010) would take both cores from the runs beside it; it starts when its class asks.
   */
  static final List<DeviationArea> LONGEST_FIRST =
      List.of(LIP, HCP, MESH, CIP, RTT, EVENTS, SENDER);

  /**
   * Every deviant run started in this JVM, by row: by the early start or by the area's own class.
   */
  private static final Map<DeviationMatrix.Row, BackgroundRun<List<CaseResult>>> RUNS =
      new ConcurrentHashMap<>();

  /**
   * The deviant runs' workers: {@link #CONCURRENT_RUNS}, one more each time a whole-kit run that
   * went beside them ends ({@link #onePlaceMore}), up to {@link #MOST_RUNS}: the number of runs at
   * once never exceeds what the start of the test plan already holds (docs/adr/1431).
   */
  private static final ThreadPoolExecutor RUNNERS =
      (ThreadPoolExecutor)
          Executors.newFixedThreadPool(
              CONCURRENT_RUNS,
              r -> {
                Thread t = new Thread(r, "deviant-runs");
                t.setDaemon(true);
                return t;
              });

  private final String tags;
  private final long seed;
  private final String testClass;

  DeviationArea(String tags, long seed, String testClass) {
    this.tags = tags;
    this.seed = seed;
    this.testClass = testClass;
  }

  /**
   * One more deviant run at once: a whole-kit run beside them has ended and left its place
   * (docs/adr/1431).
   */
  static synchronized void onePlaceMore() {
    int places = RUNNERS.getMaximumPoolSize() + 1;
    if (places > MOST_RUNS) {
      return;
    }
    RUNNERS.setMaximumPoolSize(places); // the maximum first: the core may not exceed it
    RUNNERS.setCorePoolSize(places);
  }

  /** The simple name of the test class that makes this area's cases. */
  String testClass() {
    return testClass;
  }

  String tags() {
    return tags;
  }

  /**
   * One case per deviation of this area: the reference with that deviation alone must fail exactly
   * the requirement IDs of its row, no fewer (the kit catches it) and no more (the verdicts point
   * at the defect).
   *
   * <p>Each case waits for its run, started by {@link #start()} here or earlier, when the test plan
   * began ({@link DeviantRunsEarly}).
   */
  Stream<DynamicTest> cases() throws IOException {
    List<DeviationMatrix.Row> rows = start();
    return rows.stream()
        .map(
            row ->
                DynamicTest.dynamicTest(
                    row.name(), () -> check(row, Objects.requireNonNull(RUNS.get(row)).get())));
  }

  /**
   * Starts this area's deviant runs that have not started yet, on the shared runners: each run on a
   * thread that is a worker of its own (tester state apart, as {@code --jobs} keeps it,
   * docs/adr/1103). A deviant run spends most of its time waiting out the kit's answer deadlines
   * for what the deviation never sends, so the runs overlap well with each other and with the rest
   * of the build on two cores.
   *
   * @return the area's rows
   */
  List<DeviationMatrix.Row> start() throws IOException {
    List<DeviationMatrix.Row> rows = only(DeviationMatrix.area(name()));
    for (DeviationMatrix.Row row : rows) {
      RUNS.computeIfAbsent(row, this::startRun);
    }
    return rows;
  }

  /**
   * {@code -Dweb4.deviations=NAME,…}: only these rows (a developer checking new rows without the
   * whole area's runs); every row when unset, as the build runs them.
   */
  private static List<DeviationMatrix.Row> only(List<DeviationMatrix.Row> rows) {
    String names = System.getProperty("web4.deviations", "");
    if (names.isBlank()) {
      return rows;
    }
    Set<String> wanted = Set.of(names.split(","));
    return rows.stream().filter(r -> wanted.contains(r.name())).toList();
  }

  private BackgroundRun<List<CaseResult>> startRun(DeviationMatrix.Row row) {
    Set<Deviation> deviation = Set.of(row.deviation());
    BackgroundRun<List<CaseResult>> run =
        new BackgroundRun<>(
            "deviation-" + row.name(),
            () ->
                this == SLOW
                    ? DeviantReference.runSlow(deviation, tags, seed)
                    : DeviantReference.run(deviation, tags, seed),
            RUNNERS);
    run.start();
    return run;
  }

  private void check(DeviationMatrix.Row row, List<CaseResult> results) {
    if (this == SENDER) {
      // only the wire judge sees what the implementation sends
      assertThat(results).anyMatch(c -> c.suite().equals(WIRE_JUDGE));
    }
    assertThat(FailedRequirements.of(results))
        .as(
            "requirements failed by the reference with %s (%s); the failed cases:%n%s",
            row.name(), DeviationMatrix.DOCUMENT, failedCases(results))
        .isEqualTo(row.fails());
  }

  private static String failedCases(List<CaseResult> results) {
    StringBuilder out = new StringBuilder();
    for (CaseResult c : results) {
      if (c.outcome() == Outcome.FAILED) {
        String message = String.valueOf(c.message()).strip();
        int eol = message.indexOf('\n');
        out.append(
            String.format(
                "  %s %s %s: %s%n",
                c.id(),
                c.requirements(),
                c.title(),
                eol < 0 ? message : message.substring(0, eol)));
      }
    }
    return out.toString();
  }
}
