package org.web4.conformance.claims;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.target.KitRoot;
import org.web4.conformance.vectors.regression.FailingCase;
import org.web4.conformance.vectors.regression.RegressionVectors;
import org.web4.conformance.vectors.regression.VectorOperation;
import org.web4.crypto.Ed25519Verifier;
import org.web4.envelope.SchemaCatalog;

/**
 * The other two vector operations, on copies of the kit's vector files: a failed {@code
 * verify/envelope} exchange (a valid envelope received an hour late) joins envelope_test.json's
 * group with the reference's code ({@code TIMESTAMP}), and a failed {@code verify/raw} exchange (a
 * signature with two bits flipped) opens a regression group for its key in ed25519_verify_test.json
 * with the reference's reason; both files stay valid against their schemas, flag and note included.
 */
class RegressionVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path KIT_VECTORS = KitRoot.locate(null).orElseThrow().resolve("vectors");

  @TempDir Path dir;

  @Test
  void aLateEnvelopeJoinsTheEnvelopeFileWithTheReferencesCode() throws Exception {
    copy(VectorOperation.VERIFY_ENVELOPE.file());
    JsonNode valid = firstTest(VectorOperation.VERIFY_ENVELOPE.file());
    ObjectNode request = JSON.createObjectNode();
    request.put("envelope", valid.path("envelope").asText());
    request.put("now", "2026-01-01T01:00:00.000Z");
    request.putArray("preceding");

    RegressionVectors.Added added =
        RegressionVectors.add(dir, failing("scenario/late-envelope", "ENV-TS-001", request));

    assertThat(added.test().path("result").asText()).isEqualTo("invalid");
    assertThat(added.test().path("error").asText()).isEqualTo("TIMESTAMP");
    assertThat(added.test().has("preceding")).isFalse();
    assertSchemaValid(VectorOperation.VERIFY_ENVELOPE.file(), "vectors/envelope_test.schema.json");
  }

  @Test
  void aFlippedSignatureOpensARegressionGroupForItsKey() throws Exception {
    String file = VectorOperation.VERIFY_RAW.file();
    copy(file);
    JsonNode group = JSON.readTree(dir.resolve(file).toFile()).path("testGroups").get(0);
    JsonNode valid = group.path("tests").get(0);
    byte[] sig = HexFormat.of().parseHex(valid.path("sig").asText());
    sig[13] ^= 0x24; // test 4 of the file flips bit 0 already (the duplicate is refused)
    ObjectNode request = JSON.createObjectNode();
    String pk = group.path("publicKey").path("pk").asText();
    request.put("pk", pk);
    request.put("msg", valid.path("msg").asText());
    request.put("sig", HexFormat.of().formatHex(sig));

    RegressionVectors.Added added =
        RegressionVectors.add(dir, failing("scenario/flipped-bit", "ENV-SIG-007", request));

    Ed25519Verifier.Outcome reference =
        Ed25519Verifier.verify(
            HexFormat.of().parseHex(pk), HexFormat.of().parseHex(valid.path("msg").asText()), sig);
    assertThat(added.test().path("reason").asText()).isEqualTo(reference.name());
    assertThat(added.test().path("result").asText()).isEqualTo("invalid");
    JsonNode groups = JSON.readTree(dir.resolve(file).toFile()).path("testGroups");
    JsonNode last = groups.get(groups.size() - 1);
    assertThat(last.path("source").asText()).isEqualTo(VectorOperation.REGRESSION_SOURCE);
    assertThat(last.path("publicKey").path("pk").asText()).isEqualTo(pk);
    assertSchemaValid(file, "vectors/ed25519_verify_test.schema.json");
  }

  private static FailingCase failing(String id, String requirement, ObjectNode request) {
    return new FailingCase(id, "a title", List.of(requirement), request, "regression: test");
  }

  private void copy(String file) throws Exception {
    Files.createDirectories(dir.resolve(file).getParent());
    Files.copy(KIT_VECTORS.resolve(file), dir.resolve(file));
  }

  private JsonNode firstTest(String file) throws Exception {
    return JSON.readTree(dir.resolve(file).toFile()).path("testGroups").get(0).path("tests").get(0);
  }

  private void assertSchemaValid(String file, String schema) throws Exception {
    JsonNode content = JSON.readTree(dir.resolve(file).toFile());
    assertThat(SchemaCatalog.get().schema(schema).validate(content)).isEmpty();
    assertThat(content.path("notes").has(RegressionVectors.FLAG)).isTrue();
  }
}
