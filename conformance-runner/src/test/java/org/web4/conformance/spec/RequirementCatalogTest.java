package org.web4.conformance.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequirementCatalogTest {

  @Test
  void bundledSpecHasTheEnvelopeRequirements() {
    RequirementCatalog catalog = RequirementCatalog.bundled();

    assertThat(catalog.find("ENV-JCS-001"))
        .hasValueSatisfying(
            r -> {
              assertThat(r.level()).isEqualTo("MUST");
              assertThat(r.file()).isEqualTo("envelope.md");
              assertThat(r.text()).startsWith("An implementation's canonical form");
            });
    assertThat(catalog.contains("ENV-SIG-007")).isTrue();
    assertThat(catalog.contains("ENV-RPL-001")).isTrue();
    assertThat(catalog.contains("CIP-MSG-001")).isTrue();
    assertThat(catalog.specVersion()).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(catalog.size()).isGreaterThan(40);
  }

  @Test
  void appliesTheRegexOfTheSpecReadme() {
    RequirementCatalog c =
        RequirementCatalog.parse(
            "x.md",
            """
            - **[ENV-TIME-002]** (MUST) A receiver MUST reject it.
            **[CIP-HS-003]** (SHOULD) Paragraph form.
              - **[LIP-EV-010]** (MUST) Indented list item.
            - **[ENV-X-001]** (MUST) section too short, not a requirement
            - **[ENV-TIME-003]** (MAY) MAY is never a requirement
            `- **[ENV-TIME-004]** (MUST) inside code, not at line start`
            """);

    assertThat(c.all())
        .extracting(Requirement::id)
        .containsExactly("CIP-HS-003", "ENV-TIME-002", "LIP-EV-010");
    assertThat(c.find("CIP-HS-003")).get().extracting(Requirement::level).isEqualTo("SHOULD");
  }

  /**
   * Issue 16: a requirement hard-wrapped in the markdown kept only its first line (CIP-HS-002 lost
   * its second MUST); the lines continuing its list item or paragraph belong to its text.
   */
  @Test
  void keepsARequirementsTextWholeAcrossLineBreaks() {
    RequirementCatalog c =
        RequirementCatalog.parse(
            "x.md",
            """
            - **[CIP-HS-002]** (MUST) A responder MUST answer a HELLO.\r
              A HELLO without `cip/1.0` MUST be refused
              with `UNSUPPORTED_VERSION`.
            - **[CIP-HS-003]** (MUST) Next item.
            - an ordinary list item
            **[CIP-HS-004]** (SHOULD) A paragraph
            continued.

            Another paragraph.
            """);

    assertThat(c.find("CIP-HS-002").orElseThrow().text())
        .isEqualTo(
            "A responder MUST answer a HELLO. A HELLO without `cip/1.0` MUST be refused with"
                + " `UNSUPPORTED_VERSION`.");
    assertThat(c.find("CIP-HS-003").orElseThrow().text()).isEqualTo("Next item.");
    assertThat(c.find("CIP-HS-004").orElseThrow().text()).isEqualTo("A paragraph continued.");
  }

  @Test
  void anIdDefinedTwiceIsAConfigurationError() {
    assertThatThrownBy(
            () ->
                RequirementCatalog.parse(
                    "x.md", "- **[ENV-ID-001]** (MUST) one\n- **[ENV-ID-001]** (MUST) two\n"))
        .isInstanceOf(RunnerConfigurationException.class)
        .hasMessageContaining("ENV-ID-001");
  }

  @Test
  void aCheckNamingAnUnknownIdIsAConfigurationError() {
    RequirementCatalog catalog = RequirementCatalog.bundled();

    assertThatThrownBy(
            () -> catalog.requireKnown("jcs/jcs_test.json#1", java.util.List.of("ENV-NOPE-999")))
        .isInstanceOf(RunnerConfigurationException.class)
        .hasMessageContaining("jcs/jcs_test.json#1")
        .hasMessageContaining("ENV-NOPE-999");
  }

  private static final String REQUIREMENTS =
      """
      - **[HAR-LIM-002]** (MUST) slow one.
      - **[HAR-ERR-005]** (MUST) slow too.

      ## 7. Requirements a run may leave untested

      | untested when | meaning |
      |---|---|
      | `without --slow` | legend, not a declaration |

      | ID | untested when | reason |
      |---|---|---|
      """;

  @Test
  void readsTheUntestedDeclarationsOfSection7() {
    RequirementCatalog c =
        RequirementCatalog.parse(
            "README.md",
            REQUIREMENTS
                + "| HAR-LIM-002 | `without --slow` | up to 60 s |\r\n"
                + "| HAR-ERR-005 | without --slow | the same check |\n\n"
                + "## 8. Next\n\n| ID | untested when | reason |\n| ENV-NOPE-001 | x | y |\n");

    assertThat(c.untestedDeclarations())
        .containsExactly(
            new UntestedDeclaration(
                "HAR-ERR-005", UntestedCondition.WITHOUT_SLOW, "the same check"),
            new UntestedDeclaration("HAR-LIM-002", UntestedCondition.WITHOUT_SLOW, "up to 60 s"));
    assertThat(c.untestedDeclaration("HAR-LIM-002").orElseThrow().describe())
        .isEqualTo("without --slow: up to 60 s");
    assertThat(c.untestedDeclaration("ENV-NOPE-001")).isEmpty();
  }

  @Test
  void aDeclarationThatCannotBeReadIsAConfigurationError() {
    assertThatThrownBy(
            () ->
                RequirementCatalog.parse(
                    "README.md", REQUIREMENTS + "| HAR-LIM-002 | `on Sundays` | x |\n"))
        .isInstanceOf(RunnerConfigurationException.class)
        .hasMessageContaining("README.md:12")
        .hasMessageContaining("unknown condition \"on Sundays\"")
        .hasMessageContaining("without --slow");
    assertThatThrownBy(
            () ->
                RequirementCatalog.parse(
                    "README.md", REQUIREMENTS + "| ENV-NOPE-001 | `without --slow` | x |\n"))
        .isInstanceOf(RunnerConfigurationException.class)
        .hasMessageContaining("ENV-NOPE-001")
        .hasMessageContaining("does not define it");
    assertThatThrownBy(
            () ->
                RequirementCatalog.parse(
                    "README.md", REQUIREMENTS + "| HAR-LIM-002 | `without --slow` |  |\n"))
        .isInstanceOf(RunnerConfigurationException.class)
        .hasMessageContaining("HAR-LIM-002 gives no reason");
    assertThatThrownBy(
            () ->
                RequirementCatalog.parse(
                    "README.md",
                    REQUIREMENTS
                        + "| HAR-LIM-002 | `without --slow` | a |\n"
                        + "| HAR-LIM-002 | `without --slow` | b |\n"))
        .isInstanceOf(RunnerConfigurationException.class)
        .hasMessageContaining("HAR-LIM-002 untested twice");
    assertThatThrownBy(
            () -> RequirementCatalog.parse("README.md", REQUIREMENTS + "| HAR-LIM-002 | a |\n"))
        .isInstanceOf(RunnerConfigurationException.class)
        .hasMessageContaining("three cells");
  }

  @Test
  void theBundledDeclarationsNameRequirementsOfTheSpec() {
    RequirementCatalog catalog = RequirementCatalog.bundled();

    assertThat(catalog.untestedDeclarations())
        .isNotEmpty()
        .allSatisfy(d -> assertThat(catalog.contains(d.id())).as(d.id()).isTrue());
  }
}
