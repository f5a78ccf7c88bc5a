package org.web4.conformance.report.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.web4.cli.CommandErrors.InputException;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.AgentPublicKey;
import org.web4.json.JsonCanonicalizer;

/**
 * The detached signature of a report.json ({@code report.json.sig}), a JSON object:
 *
 * <pre>
 * {"signature_version": 1, "algo": "ed25519", "canonicalization": "RFC 8785",
 *  "pubkey": base64, "fingerprint": hex,
 *  "value": base64 Ed25519 over the report's RFC 8785 form,
 *  "parts": {part: digest}, "parts_value": base64 Ed25519 over the RFC 8785 form of parts}
 * </pre>
 *
 * {@code value} is the claim; {@code parts} and its own signature only serve to name what changed
 * in a refused report (ADR 0310). Pure Ed25519 (RFC 8032), the key format of docs/key-files.md.
 */
@SuppressWarnings("ArrayRecordComponent") // signature bytes, never compared as a record
public record ReportSignature(
    AgentPublicKey publicKey, byte[] value, ReportParts parts, byte[] partsValue) {
  public static final int VERSION = 1;

  /** The signature file beside a report: {@code report.json.sig}. */
  public static Path besides(Path report) {
    return report.resolveSibling(report.getFileName() + ".sig");
  }

  /** Signs {@code report} with {@code key}. */
  public static ReportSignature sign(CanonicalReport report, AgentKeyPair key) {
    ReportParts parts = ReportParts.of(report.tree());
    return new ReportSignature(
        key.publicKey(),
        key.sign(report.canonical()),
        parts,
        key.sign(JsonCanonicalizer.canonicalize(parts.toJson())));
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("signature_version", VERSION);
    n.put("algo", "ed25519");
    n.put("canonicalization", "RFC 8785");
    n.put("pubkey", publicKey.base64());
    n.put("fingerprint", publicKey.fingerprint());
    n.put("value", Base64.getEncoder().encodeToString(value));
    n.set("parts", parts.toJson());
    n.put("parts_value", Base64.getEncoder().encodeToString(partsValue));
    return n;
  }

  public void write(Path file) throws IOException {
    Files.write(
        file,
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(toJson()));
  }

  /** Reads a signature file; anything missing or malformed is an input error naming the file. */
  public static ReportSignature read(Path file) throws IOException, InputException {
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InputException(file + ": not JSON: " + e.getOriginalMessage(), e);
    }
    if (n == null || n.path("signature_version").asInt() != VERSION) {
      throw new InputException(
          file + ": not a report signature (signature_version " + VERSION + ")");
    }
    if (!"ed25519".equals(n.path("algo").asText())) {
      throw new InputException(file + ": algo must be ed25519, not " + n.path("algo"));
    }
    try {
      return new ReportSignature(
          AgentPublicKey.fromBase64(text(n, "pubkey", file)),
          Base64.getDecoder().decode(text(n, "value", file)),
          ReportParts.fromJson(n.path("parts")),
          Base64.getDecoder().decode(text(n, "parts_value", file)));
    } catch (IllegalArgumentException e) {
      throw new InputException(file + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String member, Path file) throws InputException {
    JsonNode value = n.path(member);
    if (!value.isTextual()) {
      throw new InputException(file + ": no " + member);
    }
    return value.asText();
  }
}
