package org.web4.conformance.junit;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.web4.conformance.model.Profile;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.report.ReportWriter;
import org.web4.conformance.run.ConformanceRun;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.RunOptions;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.spec.RunnerConfigurationException;
import org.web4.conformance.target.TargetDescriptor;
import org.web4.conformance.target.TargetException;
import org.web4.vectors.VectorManifest;

/**
 * The kit on the JUnit Platform: a Java implementer runs it inside their own {@code mvn test},
 * against an agent their test started in-process, and sees one dynamic test per check (or per
 * requirement) with the evidence of each failure.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> web4Conformance() {
 *   return Web4Conformance.against(harnessUrl, harnessToken, "127.0.0.1:" + rttPort)
 *       .profile("full")
 *       .reportDir(Path.of("target/web4-reports"))
 *       .checks();
 * }
 * }</pre>
 *
 * <p>The run is the one {@code web4-conformance run} makes against a {@code connect} target (the
 * same checks, verdicts, coverage gate and reports); it happens when {@link #checks()}, {@link
 * #requirements()} or {@link #run()} is called. Settings not given are those of the command line:
 * the profile {@code full}, a random seed, every check.
 */
public final class Web4Conformance {
  private final TargetDescriptor target;
  private @Nullable Profile profile;
  private long seed = new SecureRandom().nextLong();
  private @Nullable String tags;
  private @Nullable Integer examples;
  private @Nullable Path featuresDir;
  private @Nullable Path expectedFailures;
  private @Nullable Path reportDir;
  private boolean slow;

  private Web4Conformance(TargetDescriptor target) {
    this.target = target;
  }

  /**
   * An implementation that runs already (started by the calling test).
   *
   * @param harnessUrl its harness base URL, e.g. {@code http://127.0.0.1:8123/harness/v1}
   * @param harnessToken the harness's bearer token
   * @param rttAddress its RTT listener as {@code host:port}, or null when it has none (the RTT
   *     checks then error, as on the command line)
   */
  public static Web4Conformance against(
      String harnessUrl, String harnessToken, @Nullable String rttAddress) {
    return new Web4Conformance(
        new TargetDescriptor(
            "in-process implementation",
            null,
            new TargetDescriptor.Connect(harnessUrl, harnessToken, rttAddress),
            null,
            null));
  }

  /** A target descriptor file, as {@code --target FILE} takes it. */
  public static Web4Conformance target(Path descriptor) {
    try {
      return new Web4Conformance(TargetDescriptor.read(descriptor));
    } catch (TargetException e) {
      throw new Web4ConformanceException("target error: " + e.getMessage(), e);
    }
  }

  /**
   * The conformance profile, as {@code --profile} takes it.
   *
   * @throws IllegalArgumentException naming the known profiles, for any other name
   */
  public Web4Conformance profile(String name) {
    this.profile =
        Arrays.stream(Profile.values())
            .filter(p -> p.label().equals(name.toLowerCase(Locale.ROOT)))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown profile "
                            + name
                            + "; known: "
                            + Arrays.stream(Profile.values()).map(Profile::label).toList()));
    return this;
  }

  /** The run's seed: the same seed replays the same run ({@code --seed}). */
  public Web4Conformance seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** A Cucumber tag expression selecting scenarios ({@code --tags}). */
  public Web4Conformance tags(String expression) {
    this.tags = expression;
    return this;
  }

  /** Examples per wire property ({@code --examples}). */
  public Web4Conformance examples(int perProperty) {
    if (perProperty < 0) {
      throw new IllegalArgumentException("examples must not be negative: " + perProperty);
    }
    this.examples = perProperty;
    return this;
  }

  /** A folder of your own {@code .feature} files, run besides the bundled ones. */
  public Web4Conformance features(Path dir) {
    this.featuresDir = dir;
    return this;
  }

  /** Known failures with reasons ({@code --expected-failures}). */
  public Web4Conformance expectedFailures(Path file) {
    this.expectedFailures = file;
    return this;
  }

  /** Also the slow checks (a stalled harness request: up to 60 s). */
  public Web4Conformance slow() {
    this.slow = true;
    return this;
  }

  /** Writes report.json, report.html and junit.xml into {@code dir} after the run. */
  public Web4Conformance reportDir(Path dir) {
    this.reportDir = dir;
    return this;
  }

  /** Runs the kit: one dynamic test per check, in run order (see {@link ConformanceTests}). */
  public Stream<DynamicTest> checks() {
    return ConformanceTests.perCheck(run());
  }

  /**
   * Runs the kit: one dynamic test per requirement of the spec, with its verdict (see {@link
   * ConformanceTests}).
   */
  public Stream<DynamicTest> requirements() {
    RequirementCatalog catalog = RequirementCatalog.bundled();
    return ConformanceTests.perRequirement(catalog, run(catalog));
  }

  /**
   * Runs the kit and returns the result, for callers that assert on it themselves.
   *
   * @throws Web4ConformanceException when the run could not happen: the target did not answer, the
   *     vectors failed verification, a check names an unknown requirement, a report could not be
   *     written (exit code 2 on the command line)
   */
  public RunResult run() {
    return run(RequirementCatalog.bundled());
  }

  private RunResult run(RequirementCatalog catalog) {
    List<String> argv = new ArrayList<>(List.of("Web4Conformance", "--seed", Long.toString(seed)));
    if (tags != null) {
      argv.addAll(List.of("--tags", tags));
    }
    RunOptions options =
        new RunOptions(
            target, profile, seed, null, tags, examples, featuresDir, slow, argv, expectedFailures);
    try {
      RunResult result = new ConformanceRun(catalog, ProgressListener.NONE).execute(options);
      if (reportDir != null) {
        ReportWriter.write(result, catalog, reportDir);
      }
      return result;
    } catch (TargetException e) {
      throw new Web4ConformanceException("target error: " + e.getMessage(), e);
    } catch (VectorManifest.TamperedException e) {
      throw new Web4ConformanceException("refusing the vectors: " + e.getMessage(), e);
    } catch (RunnerConfigurationException e) {
      throw new Web4ConformanceException("runner configuration error: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new Web4ConformanceException(e.toString(), e);
    }
  }
}
