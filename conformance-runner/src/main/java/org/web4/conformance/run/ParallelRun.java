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
 * {@code --jobs N} (docs/adr/1103): the suites shared out among N workers, each against an instance
 * of the implementation of its own — the run's target for the first, a target opened alike for each
 * other — with its own wire judge and its own tester state ({@link Worker}). An idle worker takes
 * the next suite, the ones with the most scenarios first; a suite's checks run in order on one
 * worker. The cases come back in the order of a serial run, and the wire-judge suite judges what
 * every worker's judge saw.
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
    ConcurrentLinkedQueue<Suite> queue = new ConcurrentLinkedQueue<>(mostScenariosFirst(suites));
    IdentityHashMap<Suite, List<CaseResult>> done = new IdentityHashMap<>();
    List<WireJudge> judges = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    List<Future<?>> workers = new ArrayList<>();
    try {
      for (int i = 0; i < jobs; i++) {
        int index = i;
        WireJudge judge = first.freshJudge();
        judges.add(judge);
        workers.add(pool.submit(() -> work(index, first, queue, judge, done)));
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
      List<CaseResult> cases = done.get(suite);
      if (cases == null) {
        throw new IllegalStateException("no worker ran " + suite.name());
      }
      all.addAll(cases);
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
      IdentityHashMap<Suite, List<CaseResult>> done)
      throws IOException, TargetException {
    Worker worker = Worker.enter("worker-" + (index + 1));
    try {
      Target instance = index == 0 ? null : instances.open();
      try {
        ConformanceRunner runner = instance == null ? first : runners.against(instance);
        runner.watched(
            queue::poll,
            judge,
            (suite, cases) -> {
              synchronized (done) {
                done.put(suite, cases);
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

  /** The suites with the most scenarios (the slow checks) first; otherwise in the run's order. */
  private static List<Suite> mostScenariosFirst(List<Suite> suites) {
    return suites.stream()
        .sorted(
            Comparator.comparingLong(
                    (Suite s) ->
                        s.checks().stream().filter(c -> c.kind() == CaseKind.SCENARIO).count())
                .reversed())
        .toList();
  }
}
