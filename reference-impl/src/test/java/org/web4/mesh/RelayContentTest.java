package org.web4.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every cell of spec/mesh.md Table 4.3b. */
class RelayContentTest {
  @Test
  void everyCellOfTable43b() {
    for (String t :
        new String[] {
          "INTENT", "INTENT_RESPONSE", "FACT_CHALLENGE", "FACT_CONFIRM", "FACT_REJECT"
        }) {
      assertThat(RelayContent.allows("cip", t, false)).as(t).isTrue();
      assertThat(RelayContent.allows("cip", t, true)).as(t).isFalse();
    }
    for (String t : new String[] {"FACT_PROPOSE", "DECISION_SHARE"}) {
      assertThat(RelayContent.allows("cip", t, false)).as(t).isTrue();
      assertThat(RelayContent.allows("cip", t, true)).as(t).isTrue();
    }
    assertThat(RelayContent.allows("mesh", "MESH_UNDELIVERABLE", false)).isTrue();
    assertThat(RelayContent.allows("mesh", "MESH_UNDELIVERABLE", true)).isFalse();
    String[][] never = {
      {"cip", "HELLO"},
      {"cip", "VERIFY"},
      {"cip", "STATE_UPDATE"},
      {"hcp", "HCP_HELLO"},
      {"hcp", "HCP_INTENT"},
      {"lip", "LIP_FETCH"},
      {"lip", "LIP_EVIDENCE"},
      {"mesh", "MESH_RELAY"},
      {"mesh", "MESH_ROUTES"},
      {"mesh", "MESH_VOUCH"}
    };
    for (String[] pt : never) {
      assertThat(RelayContent.allows(pt[0], pt[1], false)).as(pt[1]).isFalse();
      assertThat(RelayContent.allows(pt[0], pt[1], true)).as(pt[1]).isFalse();
    }
  }
}
