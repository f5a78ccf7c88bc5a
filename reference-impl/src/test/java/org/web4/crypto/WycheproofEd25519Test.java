package org.web4.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web4.crypto.Ed25519Verifier.Outcome;

/**
 * Every case of Wycheproof's ed25519_test.json (vectors/sources/wycheproof/, 151 cases) against the
 * pinned verifier. ed25519_pinned_policy.json records the {@link Outcome} of our policy per case;
 * the verifier must give exactly that, the decision procedure it replaced ({@link
 * LegacyEd25519Verifier}) must too, and the verdict must be Wycheproof's label ("valid" → VALID,
 * "invalid" or "acceptable" → refused) except for the cases listed under {@code
 * differencesFromWycheproof}, each with its reason.
 */
class WycheproofEd25519Test {
  private static final Path FOLDER = locate("vectors/sources/wycheproof");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyCaseGivesThePinnedPolicysRecordedOutcome() throws IOException {
    JsonNode wycheproof = JSON.readTree(FOLDER.resolve("ed25519_test.json").toFile());
    JsonNode policy = JSON.readTree(FOLDER.resolve("ed25519_pinned_policy.json").toFile());
    Map<String, String> differences = new HashMap<>();
    for (JsonNode d : policy.get("differencesFromWycheproof")) {
      differences.put(d.get("tcId").asText(), d.get("reason").asText());
    }
    HexFormat hex = HexFormat.of();
    List<String> mismatches = new ArrayList<>();
    int cases = 0;
    for (JsonNode group : wycheproof.get("testGroups")) {
      byte[] publicKey = hex.parseHex(group.get("publicKey").get("pk").asText());
      for (JsonNode test : group.get("tests")) {
        cases++;
        String id = test.get("tcId").asText();
        byte[] message = hex.parseHex(test.get("msg").asText());
        byte[] signature = hex.parseHex(test.get("sig").asText());
        Outcome recorded = Outcome.valueOf(policy.get("outcomes").get(id).asText());
        Outcome actual = Ed25519Verifier.verify(publicKey, message, signature);
        Outcome before = LegacyEd25519Verifier.verify(publicKey, message, signature);
        boolean wycheproofValid = test.get("result").asText().equals("valid");
        boolean listedAsDifferent = differences.containsKey(id);
        if (actual != recorded || before != recorded) {
          mismatches.add(
              "tcId " + id + ": recorded " + recorded + ", now " + actual + ", before " + before);
        }
        if ((recorded == Outcome.VALID) != wycheproofValid && !listedAsDifferent) {
          mismatches.add("tcId " + id + ": " + recorded + " but Wycheproof says " + test);
        }
      }
    }
    assertThat(cases).isEqualTo(wycheproof.get("numberOfTests").asInt()).isEqualTo(151);
    assertThat(policy.get("outcomes").size()).isEqualTo(cases);
    assertThat(mismatches).isEmpty();
  }

  /** The repository folder {@code relative}, from the module directory Maven runs tests in. */
  private static Path locate(String relative) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve(relative))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(relative + " is not under any parent of the working folder");
    }
    return dir.resolve(relative);
  }
}
