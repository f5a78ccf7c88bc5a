package org.web4.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.Ed25519Verifier;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.EnvelopeException;
import org.web4.envelope.EnvelopeValidator;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * Runs every vector against the reference implementation in-process, each as its own test case (the
 * conformance runner runs the same files against any implementation through its harness).
 */
class ReferenceVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  @TestFactory
  Stream<DynamicNode> jcs() throws IOException {
    return file("jcs/jcs_test.json", ReferenceVectorsTest::checkJcs);
  }

  @TestFactory
  Stream<DynamicNode> ed25519Verify() throws IOException {
    return file("ed25519/ed25519_verify_test.json", ReferenceVectorsTest::checkEd25519Verify);
  }

  @TestFactory
  Stream<DynamicNode> ed25519Sign() throws IOException {
    return file("ed25519/ed25519_sign_test.json", ReferenceVectorsTest::checkEd25519Sign);
  }

  @TestFactory
  Stream<DynamicNode> envelopeVerify() throws IOException {
    return file("envelope/envelope_test.json", ReferenceVectorsTest::checkEnvelope);
  }

  @TestFactory
  Stream<DynamicNode> envelopeSign() throws IOException {
    return file("envelope/envelope_sign_test.json", ReferenceVectorsTest::checkEnvelopeSign);
  }

  /** Checks one test of a group. */
  interface Check {
    void run(JsonNode group, JsonNode test) throws Exception;
  }

  /** One dynamic test per test of the file, in a container per group. */
  static Stream<DynamicNode> file(String path, Check check) throws IOException {
    JsonNode file =
        PrettyJson.mapper().readTree(Files.readAllBytes(KitFiles.vectors().resolve(path)));
    Stream.Builder<DynamicNode> groups = Stream.builder();
    int g = 0;
    for (JsonNode group : file.get("testGroups")) {
      Stream.Builder<DynamicNode> tests = Stream.builder();
      for (JsonNode test : group.get("tests")) {
        String name =
            "tcId "
                + test.get("tcId").asInt()
                + ": "
                + test.get("comment").asText()
                + " "
                + test.get("requirements");
        tests.add(DynamicTest.dynamicTest(name, () -> check.run(group, test)));
      }
      String source = group.path("source").asText(group.get("type").asText());
      g++;
      groups.add(DynamicContainer.dynamicContainer("group " + g + ": " + source, tests.build()));
    }
    return Stream.of(DynamicContainer.dynamicContainer(path, groups.build()));
  }

  private static void checkJcs(JsonNode group, JsonNode test) {
    byte[] input = HEX.parseHex(test.get("input").asText());
    if (test.get("result").asText().equals("valid")) {
      try {
        assertThat(HEX.formatHex(JsonCanonicalizer.canonicalize(input)))
            .isEqualTo(test.get("expected").asText());
      } catch (JsonViolation e) {
        throw new AssertionError("refused a valid input: " + e.getMessage(), e);
      }
    } else {
      assertThatThrownBy(() -> JsonCanonicalizer.canonicalize(input))
          .isInstanceOf(JsonViolation.class);
    }
  }

  private static void checkEd25519Verify(JsonNode group, JsonNode test) {
    boolean valid =
        Ed25519Verifier.isValid(
            HEX.parseHex(group.get("publicKey").get("pk").asText()),
            HEX.parseHex(test.get("msg").asText()),
            HEX.parseHex(test.get("sig").asText()));
    assertThat(valid ? "valid" : "invalid").isEqualTo(test.get("result").asText());
  }

  private static void checkEd25519Sign(JsonNode group, JsonNode test) {
    AgentKeyPair key = AgentKeyPair.fromSeed(HEX.parseHex(group.get("sk").asText()));
    assertThat(HEX.formatHex(key.publicKey().raw())).isEqualTo(group.get("pk").asText());
    assertThat(HEX.formatHex(key.sign(HEX.parseHex(test.get("msg").asText()))))
        .isEqualTo(test.get("sig").asText());
  }

  private static void checkEnvelope(JsonNode group, JsonNode test) {
    EnvelopeValidator validator = EnvelopeValidator.create();
    for (JsonNode p : test.path("preceding")) {
      try {
        validator.validate(
            HEX.parseHex(p.get("envelope").asText()), Instant.parse(p.get("now").asText()));
      } catch (EnvelopeException ignored) {
        // only the effect on replay memory matters
      }
    }
    byte[] envelope = HEX.parseHex(test.get("envelope").asText());
    Instant now = Instant.parse(test.get("now").asText());
    if (test.get("result").asText().equals("valid")) {
      try {
        validator.validate(envelope, now);
      } catch (EnvelopeException e) {
        throw new AssertionError("refused a valid envelope: " + e.code() + " " + e.getMessage(), e);
      }
    } else {
      assertThatThrownBy(() -> validator.validate(envelope, now))
          .isInstanceOfSatisfying(
              EnvelopeException.class,
              e -> assertThat(e.code().name()).isEqualTo(test.get("error").asText()));
    }
  }

  private static void checkEnvelopeSign(JsonNode group, JsonNode test) throws JsonViolation {
    AgentKeyPair key = AgentKeyPair.fromSeed(HEX.parseHex(group.get("seedHex").asText()));
    JsonNode unsigned =
        StrictJsonParser.withEnvelopeLimits().parse(HEX.parseHex(test.get("unsigned").asText()));
    assertThat(HEX.formatHex(JsonCanonicalizer.canonicalize(unsigned)))
        .isEqualTo(test.get("signatureInput").asText());
    ObjectNode signed = EnvelopeBuilder.signed((ObjectNode) unsigned, key);
    assertThat(signed.get("sign")).isEqualTo(test.get("sign"));
  }
}
