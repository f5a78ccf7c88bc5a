package org.web4.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.Needs;

/**
 * A vector file that no harness operation can run: the byte-exact RTT vectors ({@code
 * vectors/rtt/}), which fix every key of a handshake, ephemeral keys included, so that an
 * implementation checks its Noise handshake and frame codec in its own unit tests, and the CIP
 * vectors ({@code vectors/cip/}), which fix the nonces and challenges of a CIP handshake and replay
 * trust sequences no harness operation can inject, and the HCP vectors ({@code vectors/hcp/}), pure
 * decisions (pacing, consent, HCP trust) an implementation checks in its own unit tests, and the
 * LIP vectors ({@code vectors/lip/}), which judge evidence documents, URIs, tiers and queue
 * sequences a harness cannot feed (docs/vectors.md). The suite lists the file's cases (one per
 * test, as every vector suite does), but a run leaves it out ({@link
 * VectorSuiteFactory#suites(org.web4.conformance.run.SuiteEnvironment)}): the RTT and CIP
 * requirements are checked over the wire by {@code features/rtt/}, {@code features/cip/} and {@code
 * features/hcp/}. Should a run include it anyway, every case is reported skipped with the reason.
 */
public final class OfflineVectorSuite extends VectorFileSuite {
  /** The schemas of the vector files that are not run through the harness. */
  public static final Set<String> SCHEMAS =
      Set.of(
          "vectors/rtt_handshake_test.schema.json",
          "vectors/rtt_frame_test.schema.json",
          "vectors/rtt_identity_payload_test.schema.json",
          "vectors/cip_challenge_response_test.schema.json",
          "vectors/cip_handshake_test.schema.json",
          "vectors/cip_trust_test.schema.json",
          "vectors/hcp_pacing_test.schema.json",
          "vectors/hcp_consent_test.schema.json",
          "vectors/hcp_trust_test.schema.json",
          "vectors/lip_evidence_document_test.schema.json",
          "vectors/lip_source_test.schema.json",
          "vectors/lip_queue_test.schema.json",
          "vectors/mesh_relay_test.schema.json",
          "vectors/mesh_routes_test.schema.json",
          "vectors/mesh_trust_test.schema.json",
          "vectors/mesh_knowledge_test.schema.json");

  static final String REASON =
      "byte-exact vectors for an implementation's own tests (docs/vectors.md); no harness"
          + " operation runs them, features/rtt, features/cip and features/hcp check these"
          + " requirements over"
          + " the wire";

  public OfflineVectorSuite(VectorSet.VectorFileEntry file) {
    super(file, Needs.harness()); // never run: every case is skipped
  }

  @Override
  protected CheckOutcome check(JsonNode group, JsonNode test, CheckContext context) {
    return CheckOutcome.skipped(REASON);
  }
}
