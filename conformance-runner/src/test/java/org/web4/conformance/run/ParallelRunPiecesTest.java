package org.web4.conformance.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.model.Profile;

/**
 * How {@code --jobs} cuts a run into pieces (docs/adr/1109): suites that are not feature files
 * whole, the largest first; then each scenario of each feature file on its own, in the run's order.
 */
class ParallelRunPiecesTest {

  private record Named(String id, CaseKind kind) implements Check {
    @Override
    public String title() {
      return id;
    }

    @Override
    public List<String> requirements() {
      return List.of("ENV-SIG-004");
    }

    @Override
    public CheckOutcome run(CheckContext context) {
      return CheckOutcome.passed(null, null);
    }
  }

  private record Listed(String name, List<Check> checks) implements Suite {
    @Override
    public Profile profile() {
      return Profile.FULL;
    }
  }

  private static Suite suite(String name, CaseKind kind, int checks) {
    return new Listed(
        name,
        java.util.stream.IntStream.range(0, checks)
            .<Check>mapToObj(i -> new Named(name + ":" + i, kind))
            .toList());
  }

  @Test
  void featureFilesAreCutIntoScenariosAfterTheWholeSuitesLargestFirst() {
    Suite vectors = suite("jcs/jcs_test.json", CaseKind.VECTOR, 3);
    Suite wire = suite("features/lip/wire.feature", CaseKind.SCENARIO, 3);
    Suite harness = suite("harness", CaseKind.SCENARIO, 5); // harness checks: whole, in order
    Suite properties = suite("properties", CaseKind.PROPERTY, 4);
    Suite single = suite("features/rtt/send_queue.feature", CaseKind.SCENARIO, 1);

    List<Suite> pieces = ParallelRun.pieces(List.of(vectors, wire, harness, properties, single));

    assertThat(pieces).hasSize(7);
    assertThat(pieces.subList(0, 4)).containsExactly(harness, properties, vectors, single);
    assertThat(pieces.subList(4, 7))
        .allSatisfy(p -> assertThat(p).isInstanceOf(ParallelRun.Part.class))
        .extracting(p -> p.checks().get(0).id())
        .containsExactly(
            "features/lip/wire.feature:0",
            "features/lip/wire.feature:1",
            "features/lip/wire.feature:2");
    assertThat(pieces.get(4).name()).isEqualTo("features/lip/wire.feature");
  }
}
