package org.web4.conformance.miniatures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.rtt.Deviation;

/**
 * docs/deviations.md is the single source of what each deviation must fail: its table covers every
 * {@link Deviation} once, in an area that has a test class, and explains every ID it lists. The
 * {@code *DeviationsTest} classes read their expectations from it.
 */
class DeviationMatrixTest {
  /** Requirement IDs spec 0.4.0 introduces (brief of issue 14); known once spec/ is at 0.4.0. */
  private static final Set<String> INTRODUCED_BY_0_4_0 =
      Set.of("ENV-MSG-002", "RTT-CH-007", "RTT-HS-007", "RTT-HS-008");

  @Test
  void everyDeviationHasExactlyOneRow() throws IOException {
    List<String> named = DeviationMatrix.read().stream().map(DeviationMatrix.Row::name).toList();
    assertThat(named).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(named))
        .isEqualTo(
            Arrays.stream(Deviation.values())
                .map(Deviation::name)
                .collect(Collectors.toCollection(TreeSet::new)));
  }

  @Test
  void everyRowIsInAnAreaThatRunsItsDeviations() throws IOException {
    Set<String> areas =
        Arrays.stream(DeviationArea.values()).map(DeviationArea::name).collect(Collectors.toSet());
    for (DeviationMatrix.Row row : DeviationMatrix.read()) {
      assertThat(areas).as("the area of %s", row.name()).contains(row.area());
      assertThat(row.does()).as("what %s does", row.name()).isNotBlank();
    }
  }

  @Test
  void everyIdARowListsIsExplainedInItsRow() throws IOException {
    for (DeviationMatrix.Row row : DeviationMatrix.read()) {
      assertThat(row.fails()).as("the IDs %s must fail", row.name()).isNotEmpty();
      for (String id : row.fails()) {
        assertThat(row.why()).as("why %s fails %s", row.name(), id).contains(id);
      }
    }
  }

  @Test
  void everyIdIsARequirementOfTheSpec() throws IOException {
    RequirementCatalog catalog = RequirementCatalog.bundled();
    boolean before040 = catalog.specVersion().compareTo("0.4.0") < 0;
    for (DeviationMatrix.Row row : DeviationMatrix.read()) {
      Set<String> unknown =
          row.fails().stream().filter(id -> !catalog.contains(id)).collect(Collectors.toSet());
      if (before040) {
        unknown.removeAll(INTRODUCED_BY_0_4_0);
      }
      assertThat(unknown).as("IDs of %s that spec/ does not define", row.name()).isEmpty();
    }
  }

  @Test
  void aRowWithoutItsFiveCellsIsRefused() {
    Function<String, List<DeviationMatrix.Row>> parse = DeviationMatrix::parse;
    assertThatThrownBy(() -> parse.apply("| `IGNORE_WINDOW` | RTT | x | RTT-FLOW-001 |\n"))
        .isInstanceOf(DeviationMatrix.BadMatrix.class)
        .hasMessageContaining("5 cells");
    assertThatThrownBy(() -> parse.apply("| `IGNORE_WINDOW` | RTT | x | FLOW-1 | why |\n"))
        .isInstanceOf(DeviationMatrix.BadMatrix.class)
        .hasMessageContaining("not a requirement ID");
    assertThat(parse.apply("| `IGNORE_WINDOW` | RTT | x | RTT-FLOW-001, RTT-ERR-001 | y |\n"))
        .singleElement()
        .extracting(DeviationMatrix.Row::fails)
        .isEqualTo(Set.of("RTT-ERR-001", "RTT-FLOW-001"));
  }
}
