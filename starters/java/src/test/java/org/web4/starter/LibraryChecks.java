package org.web4.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.model.ProfileResult;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.run.ConformanceRun;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.RunOptions;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.target.TargetDescriptor;

/**
 * The kit's checks of the five library operations (canonicalize, sign/raw, sign/envelope,
 * verify/raw, verify/envelope) run against a target: every vector that calls them, the harness API
 * checks and the wire properties (with few examples, to keep the run to seconds).
 *
 * <p>Run as {@code --profile library} (spec/README.md §2.5): every check that needs more than the
 * harness's library operations is not applicable.
 */
final class LibraryChecks {
  private static final long SEED = 20261206L;
  private static final int EXAMPLES = 20;

  /** The suites of the library operations: their vector files, the harness API, the properties. */
  private static final Set<String> SUITES =
      Set.of(
          "jcs/jcs_test.json",
          "ed25519/ed25519_sign_test.json",
          "ed25519/ed25519_verify_test.json",
          "envelope/envelope_sign_test.json",
          "envelope/envelope_test.json",
          "harness",
          "properties");

  private LibraryChecks() {}

  /**
   * Runs the kit with {@code --profile library} against {@code target} and asserts that the
   * implementation conforms to the library profile; every case's result.
   */
  static List<CaseResult> run(TargetDescriptor target) throws Exception {
    RequirementCatalog catalog = RequirementCatalog.bundled();
    RunOptions options =
        new RunOptions(
            target, Profile.LIBRARY, SEED, null, null, EXAMPLES, null, false, List.of("test"));
    RunResult result = new ConformanceRun(catalog, ProgressListener.NONE).execute(options);
    assertThat(result.cases().stream().map(CaseResult::suite).collect(Collectors.toSet()))
        .as("the suites of the library operations ran")
        .containsAll(SUITES);
    assertThat(result.profiles())
        .as("the profile verdicts")
        .anySatisfy(
            p -> {
              assertThat(p.profile()).isEqualTo(Profile.LIBRARY);
              assertThat(p.verdict()).isEqualTo(ProfileResult.Verdict.CONFORMS);
            });
    return result.cases();
  }

  /**
   * Asserts that every case passed or was not applicable, but the one harness check that needs
   * {@code --slow} (a stalled request, up to 60 s), and that every suite of the five operations had
   * passing cases.
   */
  static void assertAllPassed(List<CaseResult> cases) {
    List<String> problems =
        cases.stream()
            .filter(c -> !passed(c))
            .map(c -> c.id() + " " + c.outcome().label() + ": " + c.message())
            .toList();
    assertThat(problems).as("cases that did not pass").isEmpty();
    List<CaseResult> passed = cases.stream().filter(c -> c.outcome() == Outcome.PASSED).toList();
    Set<String> suites = passed.stream().map(CaseResult::suite).collect(Collectors.toSet());
    assertThat(suites).containsAll(SUITES);
    assertThat(passed).hasSizeGreaterThan(300);
  }

  private static boolean passed(CaseResult c) {
    return c.outcome() == Outcome.PASSED
        || c.outcome() == Outcome.NOT_APPLICABLE
        || (c.outcome() == Outcome.SKIPPED && c.id().equals("harness/stalled-request"));
  }

  /** The kit root (surefire sets web4.kit.root). */
  static Path kitRoot() {
    String root = System.getProperty("web4.kit.root");
    if (root == null) {
      throw new IllegalStateException("web4.kit.root is not set");
    }
    return Path.of(root);
  }
}
