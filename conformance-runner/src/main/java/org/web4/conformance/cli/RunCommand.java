package org.web4.conformance.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.web4.cli.CommandErrors;
import org.web4.cli.CommandErrors.InputException;
import org.web4.conformance.model.NotApplicableReasons;
import org.web4.conformance.model.Profile;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RunClaim;
import org.web4.conformance.model.RunHeader;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.report.ReportWriter;
import org.web4.conformance.report.claims.ReportSigner;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.ConformanceRun;
import org.web4.conformance.run.ConformanceRunner;
import org.web4.conformance.run.KitVersion;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.RunOptions;
import org.web4.conformance.run.Suite;
import org.web4.conformance.run.SuiteSelection;
import org.web4.conformance.select.Selection;
import org.web4.conformance.select.SelectionException;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.spec.RunnerConfigurationException;
import org.web4.conformance.target.TargetDescriptor;
import org.web4.conformance.target.TargetException;
import org.web4.conformance.vectors.VectorSet;
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
  private final Consumer<RunResult> finished;

  RunCommand() {
    this(RequirementCatalog::bundled, result -> {});
  }

  /**
   * A run against another spec than the bundled one (tests of the coverage gate), handing each
   * finished run to {@code finished} once its reports are written.
   */
  RunCommand(Supplier<RequirementCatalog> catalogs, Consumer<RunResult> finished) {
    this.catalogs = catalogs;
    this.finished = finished;
  }

  @Option(
      names = "--target",
      paramLabel = "FILE",
      description =
          "target descriptor (JSON); repeated, runs each target in turn into its own folder of"
              + " --report-dir, named after the file, and compares them (comparison.html)")
  List<Path> targets = new ArrayList<>();

  /** The target of the run in progress: one of {@link #targets}, or null for the reference. */
  @Nullable Path target;

  @Option(names = "--tags", paramLabel = "EXPR", description = "tag expression selecting scenarios")
  @Nullable String tags;

  @Option(
      names = "--profile",
      paramLabel = "library|core|full|robustness",
      description =
          "conformance profile: library, core, full or robustness (the attacks alone, not part of"
              + " full); default: the target's, else full; core for a target without a harness")
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

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description =
          "run the suites on N workers, each against an instance of the target of its own"
              + " (default: twice the processors against the bundled reference, one per processor"
              + " against a launched one, 2 to 4; 1 for a target that is connected to or"
              + " launched without {harness_port}, and for --profile robustness;"
              + " conformance-runner/README.md)")
  @Nullable Integer jobs;

  @CommandLine.Mixin SelectionOptions selection = new SelectionOptions();

  @Option(
      names = "--sign-report",
      paramLabel = "KEY",
      description =
          "sign report.json with this Ed25519 private key (PKCS#8 PEM): a detached"
              + " report.json.sig that verify-report checks")
  @Nullable Path signReport;

  @Option(
      names = "--dry-run",
      description =
          "check everything without starting the target: the options, your --features (syntax"
              + " errors, undefined steps with the closest known steps, unknown tags) and the"
              + " selection; prints the checks that would run")
  boolean dryRun;

  @Override
  public Integer call() throws InputException {
    if (targets.size() > 1) {
      return SeveralTargets.run(
          targets,
          reportDir,
          spec.commandLine().getErr(),
          (oneTarget, itsReportDir) -> {
            target = oneTarget;
            reportDir = itsReportDir;
            return runOne();
          });
    }
    target = targets.isEmpty() ? null : targets.get(0);
    return runOne();
  }

  /** One run against {@link #target}, reports into {@link #reportDir}. */
  private int runOne() throws InputException {
    PrintWriter err = spec.commandLine().getErr();
    Profile p;
    try {
      p = profile == null ? null : Profile.valueOf(profile.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InputException(
          "--profile must be library, core, full or robustness, not " + profile, e);
    }
    if (jobs != null && jobs < 1) {
      throw new InputException("--jobs must be at least 1, not " + jobs);
    }
    if (examples != null && examples < 0) {
      throw new InputException("--examples must not be negative, not " + examples);
    }
    // everything that needs no implementation is checked before any target starts
    TargetDescriptor descriptor = target == null ? null : Preflight.target(target);
    int workers = jobs != null ? jobs : DefaultJobs.of(descriptor, p);
    if (workers > 1 && descriptor != null && descriptor.launch() == null) {
      throw new InputException(
          "--jobs "
              + workers
              + ": "
              + target
              + " is connected to, not launched: one instance cannot"
              + " serve several workers (use --jobs 1)");
    }
    if (features != null) {
      Preflight.folder("--features", features);
    }
    if (vectors != null) {
      Preflight.folder("--vectors", vectors);
    }
    if (tags != null) {
      Preflight.tags(tags);
    }
    if (expectedFailures != null) {
      Preflight.file("--expected-failures", expectedFailures);
    }
    selection.preflight();
    Preflight.writableFolder("--report-dir", reportDir);
    ReportSigner signer =
        signReport == null ? null : ReportSigner.withKey("--sign-report", signReport);
    long runSeed = seed != null ? seed : new SecureRandom().nextLong();
    List<String> argv = new ArrayList<>();
    argv.add(ConformanceCommand.PROGRAM);
    argv.addAll(spec.commandLine().getParseResult().originalArgs());
    try {
      RequirementCatalog catalog = catalogs.get();
      if (features != null && !FeatureReport.valid(catalog, features, err)) {
        return ExitCodes.USAGE;
      }
      VectorSet set =
          vectors == null ? VectorSet.fromClasspath() : VectorSet.fromDirectory(vectors);
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
      String targetName = descriptor == null ? "embedded reference" : descriptor.name();
      String announcement =
          ConformanceCommand.PROGRAM
              + ": target "
              + targetName
              + ", profile "
              + options.effectiveProfile().label()
              + ", seed "
              + runSeed;
      Selection selected = selection.of(catalog, features, tags);
      if (dryRun) {
        return dryRun(catalog, set, options, selected, announcement);
      }
      SuiteSelection announced = announcedAfter(selected, announcement, err);
      RunHeader partialHeader =
          new RunHeader(
              targetName,
              null,
              null,
              null,
              KitVersion.get(),
              catalog.specVersion(),
              set.manifestSha256(),
              set.source(),
              runSeed,
              options.effectiveProfile(),
              tags,
              examples,
              Instant.now(),
              Duration.ZERO,
              argv);
      try (InterruptedRunReport interrupt =
          new InterruptedRunReport(
              new ConsoleProgress(err, ConsoleProgress.onTerminal(), System::nanoTime),
              partialHeader,
              catalog,
              reportDir,
              slow,
              err)) {
        RunResult result =
            new ConformanceRun(catalog, interrupt)
                .withSelection(announced)
                .withJobs(workers)
                .execute(options);
        if (!interrupt.finish()) {
          return ExitCodes.INTERRUPTED; // the shutdown hook writes the partial report
        }
        try {
          ReportWriter.write(result, catalog, reportDir);
        } finally {
          interrupt.finalReportWritten();
        }
        if (signer != null) {
          try (signer) {
            err.println(
                ConformanceCommand.PROGRAM
                    + ": signed: "
                    + signer.sign(reportDir.resolve(ReportWriter.JSON_FILE)));
          }
        }
        summarize(result, err);
        finished.accept(result);
        return result.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
      }
    } catch (SelectionException e) {
      return usageError(String.valueOf(e.getMessage()), e);
    } catch (VectorManifest.TamperedException e) {
      return usageError("refusing the vectors: " + e.getMessage(), e);
    } catch (TargetException e) {
      return usageError("target error: " + e.getMessage(), e);
    } catch (RunnerConfigurationException e) {
      return usageError("runner configuration error: " + e.getMessage(), e);
    } catch (IOException e) {
      return usageError(CommandErrors.describe(e), e);
    }
  }

  /** One line on stderr, the stack trace after it with {@code --verbose}; exit code 2. */
  private int usageError(String line, Exception e) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(ConformanceCommand.PROGRAM + ": " + line);
    if (spec.commandLine().getParseResult().hasMatchedOption(CommandErrors.VERBOSE)) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.USAGE;
  }

  /** {@code --dry-run}: the checks that would run, on stdout; nothing starts. */
  private int dryRun(
      RequirementCatalog catalog,
      VectorSet set,
      RunOptions options,
      Selection selection,
      String announcement) {
    List<Suite> suites =
        selection.select(new ConformanceRun(catalog, ProgressListener.NONE).suites(set, options));
    ConformanceRunner.validate(suites, catalog);
    PrintWriter out = spec.commandLine().getOut();
    int count = 0;
    for (Suite suite : suites) {
      for (Check check : suite.checks()) {
        out.println(check.id());
        count++;
      }
    }
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    err.println(announcement.replaceFirst(": target ", ": dry run: " + count + " checks against "));
    err.println(ConformanceCommand.PROGRAM + ": nothing was run (--dry-run)");
    err.flush();
    return ExitCodes.OK;
  }

  /**
   * The selection, and the run's first line once it has selected (before any target starts): a
   * selection error is then the only line.
   */
  private static SuiteSelection announcedAfter(
      SuiteSelection selection, String announcement, PrintWriter err) {
    return new SuiteSelection() {
      @Override
      public List<Suite> select(List<Suite> discovered) {
        List<Suite> selected = selection.select(discovered);
        err.println(announcement);
        err.flush();
        return selected;
      }

      @Override
      public @Nullable String describe() {
        return selection.describe();
      }
    };
  }

  private void summarize(RunResult result, PrintWriter err) {
    err.println(result.summaryLine());
    for (NotApplicableReasons.Reason na : NotApplicableReasons.of(result.cases()).reasons()) {
      err.println("  NOT APPLICABLE " + na.line());
    }
    err.println(result.coverage().summaryLine());
    result.profiles().forEach(profileResult -> err.println(profileResult.line()));
    err.println(ConformanceCommand.PROGRAM + ": " + RunClaim.claim(result));
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
          ConformanceCommand.PROGRAM
              + ": stale expected failure "
              + stale.id()
              + " (its cases now pass): remove it from the expected-failures file");
    }
    err.println(ConformanceCommand.PROGRAM + ": reports in " + reportDir.toAbsolutePath());
    err.flush();
  }
}
