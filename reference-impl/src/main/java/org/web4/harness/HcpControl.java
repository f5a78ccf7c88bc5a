package org.web4.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The IUT's principal, played by the runner (spec/harness.md §4.12, capability {@code hcp}). Each
 * method answers the JSON body of its operation's response, after the envelopes it makes the agent
 * send have been sent. Thread-safe.
 */
public interface HcpControl {
  /** {@code POST human/state} [HAR-HCP-001]. */
  ObjectNode humanState(String presence, String affect, int clarity, int pressure, String intent);

  /** {@code POST human/consent} [HAR-HCP-001]. */
  ObjectNode humanConsent(String consent, List<String> scope, List<String> flags);

  /** {@code POST human/intent} [HAR-HCP-002]. */
  ObjectNode humanIntent(String peer, String goal, String topic, String priority);

  /** {@code POST human/decision} [HAR-HCP-002, HCP-DEC-001]. */
  ObjectNode humanDecision(
      String peer,
      String decision,
      String rationale,
      List<String> alternatives,
      @Nullable String followUp);

  /** {@code POST human/check-in} [HAR-HCP-003]. */
  ObjectNode humanCheckIn(String peer, boolean proceed);

  /** {@code GET hcp/sessions} [HAR-HCP-004]. */
  ObjectNode sessions();
}
