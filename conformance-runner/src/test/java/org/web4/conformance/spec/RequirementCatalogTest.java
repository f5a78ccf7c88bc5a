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
}
