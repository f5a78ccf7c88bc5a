package org.web4.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.Ed25519Verifier;
import org.web4.crypto.Ed25519Verifier.Outcome;

/**
 * {@code ed25519/ed25519_verify_test.json} and {@code ed25519/ed25519_sign_test.json}: RFC 8032
 * §7.1, the twelve edge cases of "Taming the many EdDSAs" (Chalkias, Garillot, Nikolaenko, 2020),
 * our own edge cases for each pinned criterion, and mutations of valid signatures.
 *
 * <p>The expected verdicts follow the pinned criteria of spec/envelope.md; the build's tests check
 * them against an independent Python implementation of those criteria
 * (vectors/sources/ed25519_policy.py).
 */
final class Ed25519Vectors {
  private static final HexFormat HEX = HexFormat.of();

  private Ed25519Vectors() {}

  static List<VectorFile> build(Path sources) throws IOException {
    JsonNode rfc =
        PrettyJson.mapper().readTree(Files.readAllBytes(sources.resolve("rfc8032-ed25519.json")));
    JsonNode speccheck =
        PrettyJson.mapper().readTree(Files.readAllBytes(sources.resolve("ed25519-speccheck.json")));
    JsonNode extra =
        PrettyJson.mapper()
            .readTree(Files.readAllBytes(sources.resolve("ed25519-edge-extra.json")));
    return List.of(
        verifyFile(entries(rfc), entries(speccheck), entries(extra)), signFile(entries(rfc)));
  }

  private static VectorFile verifyFile(
      List<JsonNode> rfc, List<JsonNode> speccheck, List<JsonNode> extra) {
    VectorFile file =
        new VectorFile(
            "ed25519/ed25519_verify_test.json",
            "Ed25519",
            "vectors/ed25519_verify_test.schema.json",
            List.of(
                "Ed25519 verification with the criteria pinned by spec/envelope.md (ENV-SIG-004..007):"
                    + " reject S >= L; reject non-canonical or undecodable A and R; reject A or R of small"
                    + " order; otherwise accept iff [S]B = R + [k]A (cofactorless).",
                "pk, msg and sig are hex. Sources: RFC 8032 section 7.1; the edge cases of 'Taming the"
                    + " many EdDSAs' (Chalkias, Garillot, Nikolaenko, SSR 2020;"
                    + " github.com/novifinancial/ed25519-speccheck, Apache-2.0); the web4 kit."));
    file.note("Rfc8032", "Functionality", "A test vector of RFC 8032 section 7.1.")
        .note(
            "Speccheck",
            "EdgeCase",
            "One of the twelve cases of 'Taming the many EdDSAs'; libraries disagree on several.")
        .note("SNotReduced", "SignatureMalleability", "S >= L must be rejected (ENV-SIG-004).")
        .note(
            "NonCanonicalPoint",
            "EdgeCase",
            "A or R is not the canonical encoding of a point, or no point (ENV-SIG-005).")
        .note(
            "SmallOrder",
            "EdgeCase",
            "A or R is one of the eight points of small order (ENV-SIG-006).")
        .note(
            "MixedOrder",
            "EdgeCase",
            "A or R has a small-order component; only the cofactorless equation decides (ENV-SIG-007).")
        .note("ModifiedSignature", "Functionality", "A valid signature with bits changed.")
        .note("ModifiedMessage", "Functionality", "A valid signature over a different message.")
        .note("WrongLength", "MalformedInput", "A signature that is not 64 bytes.");

    for (JsonNode v : rfc) {
      byte[] pk = HEX.parseHex(v.get("public_key").asText());
      byte[] msg = HEX.parseHex(v.get("message").asText());
      byte[] sig = HEX.parseHex(v.get("signature").asText());
      ObjectNode group = group(file, pk, "RFC 8032 section 7.1 " + v.get("name").asText());
      add(file, group, "RFC 8032 " + v.get("name").asText(), List.of("Rfc8032"), pk, msg, sig);
      byte[] sPlusL = addL(sig);
      add(file, group, "S + L", List.of("SNotReduced"), pk, msg, sPlusL);
      byte[] s2 = sig.clone();
      s2[63] |= (byte) 0xf0;
      add(file, group, "S with its top bits set", List.of("SNotReduced"), pk, msg, s2);
      for (int bit : new int[] {0, 7, 255, 256, 511}) {
        byte[] flipped = sig.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        add(
            file,
            group,
            "signature bit " + bit + " flipped",
            List.of("ModifiedSignature"),
            pk,
            msg,
            flipped);
      }
      byte[] otherMsg = Arrays.copyOf(msg, msg.length + 1);
      add(
          file,
          group,
          "one byte appended to the message",
          List.of("ModifiedMessage"),
          pk,
          otherMsg,
          sig);
      add(
          file,
          group,
          "signature truncated to 63 bytes",
          List.of("WrongLength"),
          pk,
          msg,
          Arrays.copyOf(sig, 63));
    }

    for (JsonNode v : speccheck) {
      byte[] pk = HEX.parseHex(v.get("pub_key").asText());
      byte[] msg = HEX.parseHex(v.get("message").asText());
      byte[] sig = HEX.parseHex(v.get("signature").asText());
      ObjectNode group = group(file, pk, "ed25519-speccheck case " + v.get("index").asInt());
      List<String> flags = new ArrayList<>(List.of("Speccheck"));
      flags.addAll(criterionFlags(pk, msg, sig));
      add(
          file,
          group,
          "speccheck " + v.get("index").asInt() + ": " + v.path("description").asText(""),
          flags,
          pk,
          msg,
          sig);
    }

    for (JsonNode v : extra) {
      byte[] pk = HEX.parseHex(v.get("public_key").asText());
      byte[] msg = HEX.parseHex(v.get("message").asText());
      byte[] sig = HEX.parseHex(v.get("signature").asText());
      ObjectNode group = group(file, pk, "web4 kit edge case");
      add(
          file,
          group,
          v.get("name").asText() + ": " + v.path("rule").asText(""),
          criterionFlags(pk, msg, sig),
          pk,
          msg,
          sig);
    }
    return file;
  }

  private static VectorFile signFile(List<JsonNode> rfc) {
    VectorFile file =
        new VectorFile(
            "ed25519/ed25519_sign_test.json",
            "Ed25519",
            "vectors/ed25519_sign_test.schema.json",
            List.of(
                "Deterministic Ed25519 signing (RFC 8032 section 5.1.6, pure Ed25519): the key whose"
                    + " secret (seed) is sk signs msg; the public key must be pk and the signature sig.",
                "Source: RFC 8032 section 7.1."));
    file.note("Rfc8032", "Functionality", "A test vector of RFC 8032 section 7.1.");
    for (JsonNode v : rfc) {
      byte[] sk = HEX.parseHex(v.get("secret_key").asText());
      byte[] pk = HEX.parseHex(v.get("public_key").asText());
      byte[] msg = HEX.parseHex(v.get("message").asText());
      byte[] sig = HEX.parseHex(v.get("signature").asText());
      AgentKeyPair key = AgentKeyPair.fromSeed(sk);
      if (!Arrays.equals(key.publicKey().raw(), pk) || !Arrays.equals(key.sign(msg), sig)) {
        throw new IllegalStateException(
            "reference disagrees with RFC 8032 " + v.get("name").asText());
      }
      ObjectNode group = file.group("Ed25519Sign");
      group.put("sk", HEX.formatHex(sk));
      group.put("pk", HEX.formatHex(pk));
      ObjectNode fields = VectorFile.fields();
      fields.put("msg", HEX.formatHex(msg));
      fields.put("sig", HEX.formatHex(sig));
      file.test(
          group,
          "RFC 8032 " + v.get("name").asText(),
          List.of("Rfc8032"),
          "valid",
          List.of("ENV-SIG-003"),
          fields);
    }
    return file;
  }

  private static ObjectNode group(VectorFile file, byte[] pk, String source) {
    ObjectNode group = file.group("Ed25519Verify");
    ObjectNode key = group.putObject("publicKey");
    key.put("pk", HEX.formatHex(pk));
    group.put("source", source);
    return group;
  }

  private static void add(
      VectorFile file,
      ObjectNode group,
      String comment,
      List<String> flags,
      byte[] pk,
      byte[] msg,
      byte[] sig) {
    Outcome outcome = Ed25519Verifier.verify(pk, msg, sig);
    ObjectNode fields = VectorFile.fields();
    fields.put("msg", HEX.formatHex(msg));
    fields.put("sig", HEX.formatHex(sig));
    fields.put("reason", outcome.name());
    file.test(
        group,
        comment,
        flags,
        outcome == Outcome.VALID ? "valid" : "invalid",
        List.of(requirementFor(outcome)),
        fields);
  }

  /** The flags that say which pinned criterion decides this case. */
  private static List<String> criterionFlags(byte[] pk, byte[] msg, byte[] sig) {
    switch (Ed25519Verifier.verify(pk, msg, sig)) {
      case S_NOT_REDUCED:
        return List.of("SNotReduced");
      case NON_CANONICAL_A:
      case NON_CANONICAL_R:
        return List.of("NonCanonicalPoint");
      case SMALL_ORDER_A:
      case SMALL_ORDER_R:
        return List.of("SmallOrder");
      case BAD_LENGTH:
        return List.of("WrongLength");
      default:
        return List.of("MixedOrder");
    }
  }

  private static String requirementFor(Outcome outcome) {
    switch (outcome) {
      case S_NOT_REDUCED:
        return "ENV-SIG-004";
      case NON_CANONICAL_A:
      case NON_CANONICAL_R:
        return "ENV-SIG-005";
      case SMALL_ORDER_A:
      case SMALL_ORDER_R:
        return "ENV-SIG-006";
      case BAD_LENGTH:
        return "ENV-SIG-002";
      default:
        return "ENV-SIG-007";
    }
  }

  /** The signature with S replaced by S + L: the equation still holds, but S is not reduced. */
  static byte[] addL(byte[] sig) {
    java.math.BigInteger l =
        java.math.BigInteger.ONE
            .shiftLeft(252)
            .add(new java.math.BigInteger("27742317777372353535851937790883648493"));
    byte[] le = Arrays.copyOfRange(sig, 32, 64);
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = le[31 - i];
    }
    byte[] sum = new java.math.BigInteger(1, be).add(l).toByteArray();
    byte[] out = sig.clone();
    for (int i = 0; i < 32; i++) {
      out[32 + i] = i < sum.length ? sum[sum.length - 1 - i] : 0;
    }
    return out;
  }

  private static List<JsonNode> entries(JsonNode source) {
    JsonNode array = source.isArray() ? source : source.path("vectors");
    if (!array.isArray()) {
      array = source.path("cases");
    }
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    if (out.isEmpty()) {
      throw new IllegalStateException("no entries in source file");
    }
    return out;
  }
}
