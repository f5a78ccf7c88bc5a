package org.web4.conformance.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.judge.WireJudge;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.target.Target;
import org.web4.conformance.target.TargetException;
import org.web4.conformance.worker.Worker;

/**
 * {@code --jobs N} (docs/adr/1103, 1109): the suites shared out among N workers, each against an
 * instance of the implementation of its own — the run's target for the first, a target opened alike
 * for each other — with its own wire judge and its own tester state ({@link Worker}). The work is
 * handed out in pieces: a suite of vectors, properties or harness checks whole (its checks in order
 * on one worker), a feature file one scenario at a time (each scenario resets its instance and
 * derives its random values from the seed and its line, so it needs nothing of the scenarios before
 * it) — a feature with long real-time waits (LIP's fetch limits) is then spread over the workers
 * instead of bounding the run. The whole suites go first, the ones with the most checks first, then
 * the scenarios in the run's order. The cases come back in the order of a serial run, a suite's
 * line is reported once all its pieces are done, and the wire-judge suite judges what every
 * worker's judge saw.
 */
final class ParallelRun {
  /** Opens one more instance of the run's target. */
  @FunctionalInterface
  interface Instances {
    Target open() throws IOException, TargetException;
  }

  /** Makes the runner of a worker's instance. */
  @FunctionalInterface
  interface Runners {
    ConformanceRunner against(Target instance);
  }

  private final int jobs;
  private final Instances instances;
  private final Runners runners;

  /**
   * @param jobs the number of workers, at least 2
   */
  ParallelRun(int jobs, Instances instances, Runners runners) {
    if (jobs < 2) {
      throw new IllegalArgumentException("a parallel run has at least 2 workers, not " + jobs);
    }
    this.jobs = jobs;
    this.instances = instances;
    this.runners = runners;
  }

  /**
   * Every case of {@code suites}, in their order, {@code first} running the first worker's share
   * against the run's own target.
   *
   * @throws TargetException a worker's instance could not be started (nothing more is run)
   */
  List<CaseResult> run(ConformanceRunner first, List<Suite> suites)
      throws IOException, TargetException {
    first.announce(suites);
    List<Suite> pieces = pieces(suites);
    ConcurrentLinkedQueue<Suite> queue = new ConcurrentLinkedQueue<>(pieces);
    IdentityHashMap<Suite, List<CaseResult>> done = new IdentityHashMap<>();
    IdentityHashMap<Suite, Integer> left = new IdentityHashMap<>();
    for (Suite piece : pieces) {
      left.merge(whole(piece), 1, Integer::sum);
    }
    List<WireJudge> judges = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    List<Future<?>> workers = new ArrayList<>();
    try {
      for (int i = 0; i < jobs; i++) {
        int index = i;
        WireJudge judge = first.freshJudge();
        judges.add(judge);
        workers.add(pool.submit(() -> work(index, first, queue, judge, done, left)));
      }
      for (Future<?> w : workers) {
        await(w, queue);
      }
    } finally {
      pool.shutdownNow();
    }
    List<CaseResult> all = new ArrayList<>();
    for (Suite suite : suites) {
      if (suite instanceof WireJudgeSuite) {
        continue;
      }
      all.addAll(joined(suite, pieces, done));
    }
    if (suites.stream().anyMatch(WireJudgeSuite.class::isInstance)) {
      all.addAll(first.judged(judges));
    }
    return all;
  }

  /** One worker: its instance, then suites from the queue until none is left. */
  private @Nullable Void work(
      int index,
      ConformanceRunner first,
      ConcurrentLinkedQueue<Suite> queue,
      WireJudge judge,
      IdentityHashMap<Suite, List<CaseResult>> done,
      IdentityHashMap<Suite, Integer> left)
      throws IOException, TargetException {
    Worker worker = Worker.enter("worker-" + (index + 1));
    try {
      Target instance = index == 0 ? null : instances.open();
      try {
        ConformanceRunner runner = instance == null ? first : runners.against(instance);
        runner.watched(
            queue::poll,
            judge,
            (piece, cases) -> {
              synchronized (done) {
                done.put(piece, cases);
                Suite whole = whole(piece);
                if (piece instanceof Part && left.merge(whole, -1, Integer::sum) == 0) {
                  // the feature's last scenario: its line, as a serial run prints it
                  first.suiteFinished(whole, joinedLocked(whole, done));
                }
              }
            });
      } finally {
        if (instance != null) {
          instance.close();
        }
      }
    } finally {
      worker.leave();
    }
    return null;
  }

  /** Waits for a worker; if it failed, the others take no more suites and its failure is thrown. */
  private static void await(Future<?> worker, ConcurrentLinkedQueue<Suite> queue)
      throws IOException, TargetException {
    try {
      worker.get();
    } catch (InterruptedException e) {
      queue.clear();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the workers ran", e);
    } catch (ExecutionException e) {
      queue.clear();
      Throwable cause = e.getCause();
      if (cause instanceof TargetException t) {
        throw t;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("a worker failed", cause);
    }
  }

  /**
   * One scenario of a feature file, handed to a worker on its own; its case is reported with the
   * feature's (the console's line for the feature comes once its last scenario is done).
   */
  record Part(Suite whole, int index, Check check) implements Suite {
    @Override
    public String name() {
      return whole.name();
    }

    @Override
    public org.web4.conformance.model.Profile profile() {
      return whole.profile();
    }

    @Override
    public List<Check> checks() {
      return List.of(check);
    }
  }

  /**
   * The pieces of work: every suite that is not a feature file whole, the ones with the most checks
   * first; then every scenario of every feature file on its own, in the run's order.
   */
  static List<Suite> pieces(List<Suite> suites) {
    List<Suite> wholes = new ArrayList<>();
    List<Suite> parts = new ArrayList<>();
    for (Suite suite : suites) {
      if (suite instanceof WireJudgeSuite) {
        continue;
      }
      List<Check> checks = suite.checks();
      // a feature file's scenarios (the harness checks, also scenarios, stay whole and in order)
      boolean feature =
          suite.name().endsWith(".feature")
              && checks.size() > 1
              && checks.stream().allMatch(c -> c.kind() == CaseKind.SCENARIO);
      if (feature) {
        for (int i = 0; i < checks.size(); i++) {
          parts.add(new Part(suite, i, checks.get(i)));
        }
      } else {
        wholes.add(suite);
      }
    }
    List<Suite> all =
        new ArrayList<>(
            wholes.stream()
                .sorted(Comparator.comparingInt((Suite s) -> s.checks().size()).reversed())
                .toList());
    all.addAll(parts);
    return all;
  }

  private static Suite whole(Suite piece) {
    return piece instanceof Part part ? part.whole() : piece;
  }

  /** A suite's cases in its order, from its pieces. */
  private static List<CaseResult> joined(
      Suite suite, List<Suite> pieces, IdentityHashMap<Suite, List<CaseResult>> done) {
    List<CaseResult> cases = new ArrayList<>();
    boolean any = false;
    for (Suite piece : pieces) {
      if (whole(piece) != suite) {
        continue;
      }
      any = true;
      List<CaseResult> ran = done.get(piece);
      if (ran == null) {
        throw new IllegalStateException("no worker ran " + suite.name());
      }
      cases.addAll(ran);
    }
    if (!any) {
      throw new IllegalStateException("no worker ran " + suite.name());
    }
    return cases;
  }

  /**
   * The cases of a feature whose scenarios are all done, in its order (caller holds {@code done}).
   */
  private static List<CaseResult> joinedLocked(
      Suite whole, IdentityHashMap<Suite, List<CaseResult>> done) {
    List<Part> parts = new ArrayList<>();
    for (Suite piece : done.keySet()) {
      if (piece instanceof Part part && part.whole() == whole) {
        parts.add(part);
      }
    }
    parts.sort(Comparator.comparingInt(Part::index));
    List<CaseResult> cases = new ArrayList<>();
    for (Part part : parts) {
      List<CaseResult> ran = done.get(part);
      if (ran != null) {
        cases.addAll(ran);
      }
    }
    return cases;
  }
}
