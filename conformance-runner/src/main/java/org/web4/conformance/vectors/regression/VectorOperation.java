package org.web4.conformance.vectors.regression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web4.cli.CommandErrors.InputException;
import org.web4.crypto.Ed25519Verifier;
import org.web4.envelope.EnvelopeException;
import org.web4.envelope.EnvelopeValidator;
import org.web4.envelope.Timestamps;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;

/**
 * A harness operation that vector files replay, recognised by the members of its request body
 * (spec/harness.md), the vector file its exchanges belong in, and the expected verdict: the
 * reference's, as the properties use it as their oracle. Signing exchanges are left out: only
 * vector cases make them, and those are vectors already.
 */
public enum VectorOperation {
  /** {@code POST /canonicalize}: {@code input} → jcs/jcs_test.json. */
  CANONICALIZE("jcs/jcs_test.json", "JcsCanonicalize", List.of("input")),
  /** {@code POST /verify/envelope}: {@code envelope}, {@code now}, {@code preceding}. */
  VERIFY_ENVELOPE("envelope/envelope_test.json", "EnvelopeVerify", List.of("envelope", "now")),
  /** {@code POST /verify/raw}: {@code pk}, {@code msg}, {@code sig}. */
  VERIFY_RAW("ed25519/ed25519_verify_test.json", "Ed25519Verify", List.of("pk", "msg", "sig"));

  private static final HexFormat HEX = HexFormat.of();

  private final String file;
  private final String groupType;

  @SuppressWarnings("ImmutableEnumChecker") // List.of: unmodifiable
  private final List<String> members;

  VectorOperation(String file, String groupType, List<String> members) {
    this.file = file;
    this.groupType = groupType;
    this.members = members;
  }

  /** The vector file, relative to vectors/. */
  public String file() {
    return file;
  }

  /** The {@code type} of the file's test groups. */
  public String groupType() {
    return groupType;
  }

  /** The operation whose request members {@code request} has, if it is one vectors replay. */
  public static Optional<VectorOperation> of(JsonNode request) {
    for (VectorOperation op : values()) {
      if (op.members.stream().allMatch(m -> request.path(m).isTextual())) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }

  /**
   * The test's inputs (the request's members, as the file spells them) and its expected verdict by
   * the reference; {@code tcId}, {@code comment}, {@code flags} and {@code requirements} are the
   * caller's.
   */
  ObjectNode inputsAndVerdict(ObjectNode request) throws InputException {
    ObjectNode test = JsonNodeFactory.instance.objectNode();
    switch (this) {
      case CANONICALIZE -> {
        byte[] input = hex(request, "input");
        test.put("input", HEX.formatHex(input));
        try {
          test.put("expected", HEX.formatHex(JsonCanonicalizer.canonicalize(input)));
          test.put("result", "valid");
        } catch (JsonViolation e) {
          test.put("result", "invalid"); // ENV-JSON-*: refused as not I-JSON
        }
      }
      case VERIFY_ENVELOPE -> {
        EnvelopeValidator receiver = EnvelopeValidator.create();
        test.put("envelope", HEX.formatHex(hex(request, "envelope")));
        test.put("now", request.path("now").asText());
        if (!request.path("preceding").isEmpty()) {
          test.set("preceding", request.path("preceding").deepCopy());
        }
        for (JsonNode earlier : request.path("preceding")) {
          try {
            receiver.validate(hex(earlier, "envelope"), instant(earlier));
          } catch (EnvelopeException e) {
            // outcomes of preceding envelopes are ignored (spec/harness.md, verify/envelope)
          }
        }
        try {
          receiver.validate(hex(request, "envelope"), instant(request));
          test.put("result", "valid");
        } catch (EnvelopeException e) {
          test.put("error", e.code().name());
          test.put("result", "invalid");
        }
      }
      case VERIFY_RAW -> {
        byte[] pk = hex(request, "pk");
        byte[] msg = hex(request, "msg");
        byte[] sig = hex(request, "sig");
        test.put("msg", HEX.formatHex(msg));
        test.put("sig", HEX.formatHex(sig));
        Ed25519Verifier.Outcome outcome = Ed25519Verifier.verify(pk, msg, sig);
        test.put("reason", outcome.name());
        test.put("result", outcome == Ed25519Verifier.Outcome.VALID ? "valid" : "invalid");
      }
    }
    return test;
  }

  /**
   * What makes a test of this operation the same case as another: its inputs, with the group's
   * public key for raw verification.
   */
  String identityOf(JsonNode group, JsonNode test) {
    return switch (this) {
      case CANONICALIZE -> test.path("input").asText();
      case VERIFY_ENVELOPE ->
          test.path("envelope").asText()
              + " "
              + test.path("now").asText()
              + " "
              + test.path("preceding");
      case VERIFY_RAW ->
          group.path("publicKey").path("pk").asText()
              + " "
              + test.path("msg").asText()
              + " "
              + test.path("sig").asText();
    };
  }

  /**
   * The group a new test of {@code request} joins, from {@code groups}: the regression group of the
   * file (for raw verification, of the request's key), or none yet (then {@link #newGroup}).
   */
  Optional<ObjectNode> groupFor(JsonNode groups, ObjectNode request) {
    JsonNode found = null;
    for (JsonNode group : groups) {
      boolean sameKey =
          this != VERIFY_RAW
              || group.path("publicKey").path("pk").asText().equals(request.path("pk").asText());
      boolean regression = REGRESSION_SOURCE.equals(group.path("source").asText());
      // envelope groups carry the receiver and keys, not a source: the last one takes it
      if (sameKey && (regression || this == VERIFY_ENVELOPE)) {
        found = group;
      }
    }
    return Optional.ofNullable(found instanceof ObjectNode o ? o : null);
  }

  /** A new regression group for {@code request} (never for envelopes: their file has a group). */
  ObjectNode newGroup(ObjectNode request) {
    ObjectNode group = JsonNodeFactory.instance.objectNode();
    group.put("type", groupType);
    if (this == VERIFY_RAW) {
      group.putObject("publicKey").put("pk", request.path("pk").asText().toLowerCase(Locale.ROOT));
    }
    group.put("source", REGRESSION_SOURCE);
    group.putArray("tests");
    return group;
  }

  /** The {@code source} of the groups that hold regression vectors. */
  public static final String REGRESSION_SOURCE =
      "regressions: failing exchanges of conformance reports (web4-conformance vectors"
          + " add-from-failure)";

  private static byte[] hex(JsonNode node, String member) throws InputException {
    try {
      return HEX.parseHex(node.path(member).asText());
    } catch (IllegalArgumentException e) {
      throw new InputException("CASE: request member " + member + " is not hex", e);
    }
  }

  private static Instant instant(JsonNode node) throws InputException {
    String now = node.path("now").asText();
    return Timestamps.parse(now)
        .orElseThrow(
            () -> new InputException("CASE: request member now is not a timestamp: " + now));
  }
}
