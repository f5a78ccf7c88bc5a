package org.web4.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.web4.soak.FaultProxy;
import org.web4.soak.ListenerCommand;
import org.web4.soak.Soak;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code web4 soak}: RTT session resume and the automatic reconnect under faults, for a bounded
 * time, on 127.0.0.1 (issue 18, "proving it for hours" 2; docs/adr/1412, docs/reliability.md). Exit
 * 0 when nothing was lost or duplicated, 1 otherwise, 2 for usage errors.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description =
        "Run a listener child process (RTT resume on) and N reference dialers with the automatic"
            + " reconnect through a fault-injecting proxy on 127.0.0.1, sending CIP INTENTs both"
            + " ways answered; print a row of figures every minute. Exit 1 if anything was lost or"
            + " duplicated.")
public final class SoakCommand implements Callable<Integer> {
  @Option(
      names = "--duration",
      paramLabel = "D",
      description = "How long to run, ISO-8601 or e.g. 60m, 30s, 1h (default: ${DEFAULT-VALUE}).")
  String duration = "5m";

  @Option(names = "--peers", paramLabel = "N", description = "Dialers (default: ${DEFAULT-VALUE}).")
  int peers = 4;

  @Option(
      names = "--faults",
      paramLabel = "F",
      split = ",",
      description = "Faults: kill, delay, refuse (default: kill,delay).")
  List<String> faults = List.of("kill", "delay");

  @Option(
      names = "--target",
      paramLabel = "T",
      description =
          "The listener: reference, python, or a target file (default: ${DEFAULT-VALUE}).")
  String target = "reference";

  @Option(
      names = "--rate",
      paramLabel = "R",
      description = "INTENTs per second per dialer (default: ${DEFAULT-VALUE}).")
  double rate = 20;

  @Option(names = "--seed", paramLabel = "S", description = "The faults' and backoffs' seed.")
  long seed = 1412;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Write the rows to FILE (CSV) and FILE.md (Markdown, with the summary).")
  @Nullable Path report;

  @Option(
      names = "--kill-every",
      paramLabel = "D",
      description = "Mean time between kills (default: ${DEFAULT-VALUE}).")
  String killEvery = "10s";

  @Option(
      names = "--delay-chance",
      paramLabel = "P",
      description = "Chance that a chunk is held (default: ${DEFAULT-VALUE}).")
  double delayChance = 0.05;

  @Option(
      names = "--max-delay",
      paramLabel = "D",
      description = "Longest hold of a chunk (default: ${DEFAULT-VALUE}).")
  String maxDelay = "200ms";

  @Option(
      names = "--drain",
      paramLabel = "D",
      description = "The last part, without faults or new INTENTs (default: ${DEFAULT-VALUE}).")
  String drain = "20s";

  @Option(
      names = "--row-every",
      paramLabel = "D",
      description = "Time between rows (default: ${DEFAULT-VALUE}).")
  String rowEvery = "60s";

  @Option(
      names = "--kit-root",
      paramLabel = "DIR",
      description = "The kit's checkout (default: found from the working directory).")
  @Nullable Path kitRoot;

  @Override
  public Integer call() throws Exception {
    Soak.Options options;
    try {
      options = options();
    } catch (IllegalArgumentException e) {
      System.err.println("web4 soak: " + e.getMessage());
      return CommandErrors.USAGE;
    }
    return new Soak(options).run(System.out).exitCode();
  }

  Soak.Options options() throws java.io.IOException {
    if (peers < 1 || peers > 64) {
      throw new IllegalArgumentException("--peers must be 1 to 64");
    }
    if (!(rate > 0 && rate <= 1000)) {
      throw new IllegalArgumentException("--rate must be above 0 and at most 1000");
    }
    Set<FaultProxy.Fault> f = EnumSet.noneOf(FaultProxy.Fault.class);
    for (String name : faults) {
      if (!name.isBlank()) {
        f.add(FaultProxy.Fault.parse(name));
      }
    }
    Path root = kitRoot != null ? kitRoot : ListenerCommand.kitRoot(Path.of(""));
    Path events =
        report != null
            ? report.resolveSibling(report.getFileName() + ".listener-events.jsonl")
            : java.nio.file.Files.createTempFile("web4-soak-listener-events", ".jsonl");
    ListenerCommand listener = ListenerCommand.of(target, root, events);
    Duration total = parse(duration, "--duration");
    Duration drainTime = parse(drain, "--drain");
    if (drainTime.compareTo(total) >= 0) {
      drainTime = total.dividedBy(4);
    }
    return new Soak.Options(
        total,
        peers,
        f,
        listener.command(),
        listener.workdir(),
        events,
        rate,
        seed,
        report,
        parse(killEvery, "--kill-every"),
        delayChance,
        parse(maxDelay, "--max-delay"),
        drainTime,
        parse(rowEvery, "--row-every"));
  }

  /** {@code 90s}, {@code 60m}, {@code 1h}, {@code 250ms}, or ISO-8601 ({@code PT1H}). */
  static Duration parse(String text, String option) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.startsWith("pt") || t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new IllegalArgumentException(option + ": not a duration: " + text);
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(option + ": not a duration: " + text, e);
    }
  }
}
