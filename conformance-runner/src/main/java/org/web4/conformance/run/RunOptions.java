package org.web4.conformance.run;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.Profile;
import org.web4.conformance.target.TargetDescriptor;

/**
 * The settings of one run.
 *
 * @param target the target descriptor, or null for the embedded reference
 * @param profile the profile; null means the descriptor's profile, else {@code full}
 * @param seed the run's seed
 * @param vectorsDir a vectors folder, or null for the vectors bundled with the runner
 * @param tags a Cucumber tag expression selecting scenarios (e.g. {@code @ENV-SIG-004
 *     or @ENV-RPL-001})
 * @param examples examples per property (default 200)
 * @param featuresDir a folder of the user's own feature files, run besides the bundled ones
 * @param slow whether to run the slow checks too (up to a minute each)
 * @param commandLine the command line, for the report header
 */
public record RunOptions(
    @Nullable TargetDescriptor target,
    @Nullable Profile profile,
    long seed,
    @Nullable Path vectorsDir,
    @Nullable String tags,
    @Nullable Integer examples,
    @Nullable Path featuresDir,
    boolean slow,
    List<String> commandLine,
    @Nullable Path expectedFailures) {

  public RunOptions {
    commandLine = List.copyOf(commandLine);
  }

  /** Options without an expected-failures override (the target's own file, if any, applies). */
  public RunOptions(
      @Nullable TargetDescriptor target,
      @Nullable Profile profile,
      long seed,
      @Nullable Path vectorsDir,
      @Nullable String tags,
      @Nullable Integer examples,
      @Nullable Path featuresDir,
      boolean slow,
      List<String> commandLine) {
    this(target, profile, seed, vectorsDir, tags, examples, featuresDir, slow, commandLine, null);
  }

  /** The expected-failures file in effect: the option, else the target's, else none. */
  public @Nullable Path effectiveExpectedFailures() {
    if (expectedFailures != null) {
      return expectedFailures;
    }
    return target == null ? null : target.expectedFailures();
  }

  /** The same options without the {@code --tags} selection (every check of the run's suites). */
  public RunOptions withoutTags() {
    return new RunOptions(
        target,
        profile,
        seed,
        vectorsDir,
        null,
        examples,
        featuresDir,
        slow,
        commandLine,
        expectedFailures);
  }

  /** The embedded reference, full profile, bundled vectors. */
  public static RunOptions defaults(long seed) {
    return new RunOptions(null, null, seed, null, null, null, null, false, List.of());
  }

  /** The profile in effect. */
  public Profile effectiveProfile() {
    if (profile != null) {
      return profile;
    }
    if (target != null && target.profile() != null) {
      return target.profile();
    }
    // a target without a harness is tested over the wire alone (issue 15 decision 4)
    return target != null && !target.hasHarness() ? Profile.CORE : Profile.FULL;
  }
}
