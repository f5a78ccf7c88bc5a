package org.web4.conformance.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.NotApplicableReasons;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.model.Tally;
import org.web4.conformance.report.ReportWriter;
import org.web4.conformance.run.ConformanceRun;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.RunOptions;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.spec.RunnerConfigurationException;
import org.web4.conformance.target.TargetDescriptor;
import org.web4.conformance.target.TargetException;
import org.web4.vectors.VectorManifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code web4-conformance run}: one run against one target, reports into a folder. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the conformance checks against an implementation and writes report.json, report.html"
          + " and junit.xml.",
      "Without --target, runs against the bundled reference implementation, started in-process.",
      "A requirement that no check tested fails the run, unless spec/README.md §7 declares why it"
          + " may be untested (e.g. without --slow) or --tags left out its checks (not selected)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ExitCodes.OK_TEXT,
      ExitCodes.FAILED_TEXT,
      ExitCodes.USAGE_TEXT,
    })
final class RunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Supplier<RequirementCatalog> catalogs;

  RunCommand() {
    this(RequirementCatalog::bundled);
  }

  /** A run against another spec than the bundled one (tests of the coverage gate). */
  RunCommand(Supplier<RequirementCatalog> catalogs) {
    this.catalogs = catalogs;
  }

  @Option(names = "--target", paramLabel = "FILE", description = "target descriptor (JSON)")
  @Nullable Path target;

  @Option(names = "--tags", paramLabel = "EXPR", description = "tag expression selecting scenarios")
  @Nullable String tags;

  @Option(
      names = "--profile",
      paramLabel = "library|core|full",
      description =
          "conformance profile (default: the target's, else full; core for a target without a harness)")
  @Nullable String profile;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      defaultValue = "web4-reports",
      description = "where to write the reports (default: ${DEFAULT-VALUE})")
  Path reportDir = Path.of("web4-reports");

  @Option(names = "--seed", paramLabel = "N", description = "seed of the run (default: random)")
  @Nullable Long seed;

  @Option(
      names = "--vectors",
      paramLabel = "DIR",
      description = "vectors folder (default: bundled)")
  @Nullable Path vectors;

  @Option(names = "--examples", paramLabel = "N", description = "examples per property")
  @Nullable Integer examples;

  @Option(
      names = "--slow",
      description = "also run the slow checks (e.g. a stalled harness request: up to 60 s)")
  boolean slow;

  @Option(
      names = "--features",
      paramLabel = "DIR",
      description = "a folder of your own .feature files, run besides the bundled scenarios")
  @Nullable Path features;

  @Option(
      names = "--expected-failures",
      paramLabel = "FILE",
      description =
          "known failures with reasons (schemas/target/expected_failures.schema.json); default:"
              + " the target's")
  @Nullable Path expectedFailures;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Profile p;
    try {
      p = profile == null ? null : Profile.valueOf(profile.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      err.println("web4-conformance: --profile must be library, core or full, not " + profile);
      return ExitCodes.USAGE;
    }
    if (examples != null && examples < 0) {
      err.println("web4-conformance: --examples must not be negative");
      return ExitCodes.USAGE;
    }
    long runSeed = seed != null ? seed : new SecureRandom().nextLong();
    List<String> argv = new ArrayList<>();
    argv.add("web4-conformance");
    argv.addAll(spec.commandLine().getParseResult().originalArgs());
    try {
      TargetDescriptor descriptor = target == null ? null : TargetDescriptor.read(target);
      RequirementCatalog catalog = catalogs.get();
      RunOptions options =
          new RunOptions(
              descriptor,
              p,
              runSeed,
              vectors,
              tags,
              examples,
              features,
              slow,
              argv,
              expectedFailures);
      err.println(
          "web4-conformance: target "
              + (descriptor == null ? "embedded reference" : descriptor.name())
              + ", profile "
              + options.effectiveProfile().label()
              + ", seed "
              + runSeed);
      err.flush();
      RunResult result = new ConformanceRun(catalog, progress(err)).execute(options);
      ReportWriter.write(result, catalog, reportDir);
      err.println(result.summaryLine());
      for (NotApplicableReasons.Reason na : NotApplicableReasons.of(result.cases()).reasons()) {
        err.println("  NOT APPLICABLE " + na.line());
      }
      err.println(result.coverage().summaryLine());
      result.profiles().forEach(profileResult -> err.println(profileResult.line()));
      for (RequirementCoverage.Entry untested : result.coverage().undeclaredUntested()) {
        err.println(
            "  UNTESTED "
                + untested.id()
                + ": "
                + untested.why()
                + " (no reason declared in spec/README.md §7)");
      }
      for (RunResult.StaleExpectation stale : result.staleExpectations()) {
        err.println(
            "web4-conformance: stale expected failure "
                + stale.id()
                + " (its cases now pass): remove it from the expected-failures file");
      }
      err.println("web4-conformance: reports in " + reportDir.toAbsolutePath());
      err.flush();
      return result.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
    } catch (VectorManifest.TamperedException e) {
      err.println("web4-conformance: refusing the vectors: " + e.getMessage());
    } catch (TargetException e) {
      err.println("web4-conformance: target error: " + e.getMessage());
    } catch (RunnerConfigurationException e) {
      err.println("web4-conformance: runner configuration error: " + e.getMessage());
    } catch (IOException e) {
      err.println("web4-conformance: " + e);
    }
    err.flush();
    return ExitCodes.USAGE;
  }

  private static ProgressListener progress(PrintWriter err) {
    return (suite, results) -> {
      err.printf(
          Locale.ROOT,
          "%-36s %4d cases: %s%n",
          suite.name(),
          results.size(),
          Tally.of(results).summaryLine());
      for (CaseResult r : results) {
        if (r.outcome() == Outcome.FAILED || r.outcome() == Outcome.ERRORED) {
          err.printf(
              Locale.ROOT,
              "  %s %s %s: %s%n",
              r.outcome().label().toUpperCase(Locale.ROOT),
              r.id(),
              r.requirements(),
              r.message());
        }
      }
      err.flush();
    };
  }
}
