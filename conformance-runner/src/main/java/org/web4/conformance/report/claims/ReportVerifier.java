package org.web4.conformance.report.claims;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.crypto.AgentPublicKey;
import org.web4.crypto.Ed25519Verifier;
import org.web4.json.JsonCanonicalizer;

/**
 * Checks a signed report: the signature over its RFC 8785 form (by the pinned key, if one is
 * given), then that it was made with this kit's vectors (the manifest hash) and this kit's version.
 * A report that fails any check is refused, each refusal one line naming what is wrong; a report
 * altered after signing is refused naming the parts that changed ({@link ReportParts}).
 */
public final class ReportVerifier {
  private final @Nullable AgentPublicKey pinned;
  private final String vectorsManifestSha256;
  private final String vectorsSource;
  private final String kitVersion;

  /**
   * @param pinned the key that must have signed (null: whichever key the signature names, and the
   *     result says it is not pinned)
   * @param vectorsManifestSha256 the manifest hash of the vectors this verifier trusts
   * @param vectorsSource where those vectors are (for the messages)
   * @param kitVersion this kit's version
   */
  public ReportVerifier(
      @Nullable AgentPublicKey pinned,
      String vectorsManifestSha256,
      String vectorsSource,
      String kitVersion) {
    this.pinned = pinned;
    this.vectorsManifestSha256 = vectorsManifestSha256;
    this.vectorsSource = vectorsSource;
    this.kitVersion = kitVersion;
  }

  /**
   * The verdict on a report and its signature.
   *
   * @param checked one line per check that passed
   * @param refusals one line per check that failed (empty: verified)
   * @param claim who claims what, as the report says it
   */
  public record Result(List<String> checked, List<String> refusals, String claim) {
    public Result {
      checked = List.copyOf(checked);
      refusals = List.copyOf(refusals);
    }

    public boolean verified() {
      return refusals.isEmpty();
    }
  }

  public Result verify(CanonicalReport report, ReportSignature signature) {
    List<String> checked = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    AgentPublicKey signer = signature.publicKey();
    if (pinned != null && !pinned.equals(signer)) {
      refusals.add(
          "signature: made by key "
              + signer.fingerprint()
              + ", not by the --public-key "
              + pinned.fingerprint());
    } else if (verifies(signer, report.canonical(), signature.value())) {
      checked.add(
          "signature: Ed25519 over the RFC 8785 form, key "
              + signer.fingerprint()
              + (pinned == null ? " (not pinned: --public-key says whose key it must be)" : ""));
    } else {
      refusals.add(alteration(report, signature));
    }
    JsonNode header = report.tree().path("header");
    String manifest = header.path("vectors").path("manifest_sha256").asText("(none)");
    if (manifest.equals(vectorsManifestSha256)) {
      checked.add("vectors: manifest SHA-256 " + manifest + " (" + vectorsSource + ")");
    } else {
      refusals.add(
          "vectors: the report was made with the vectors of manifest SHA-256 "
              + manifest
              + ", not with "
              + vectorsManifestSha256
              + " ("
              + vectorsSource
              + ")");
    }
    String version = header.path("kit_version").asText("(none)");
    if (version.equals(kitVersion)) {
      checked.add("kit: version " + version);
    } else {
      refusals.add(
          "kit: the report was made by kit version " + version + ", this is " + kitVersion);
    }
    return new Result(checked, refusals, Claim.of(report.tree(), signer, pinned != null));
  }

  /**
   * Why the signature does not verify: the parts that changed since signing, when the parts' own
   * signature still verifies; else the signature file itself was altered or is another report's.
   */
  private static String alteration(CanonicalReport report, ReportSignature signature) {
    byte[] partsInput = JsonCanonicalizer.canonicalize(signature.parts().toJson());
    if (!verifies(signature.publicKey(), partsInput, signature.partsValue())) {
      return "signature: does not verify, and neither do the signed part digests: the signature"
          + " file was altered or belongs to another report";
    }
    List<String> changes = ReportParts.of(report.tree()).changesSince(signature.parts());
    if (changes.isEmpty()) {
      return "signature: does not verify over the report's RFC 8785 form, though every part"
          + " digest matches: the signature value was altered";
    }
    return "signature: does not verify: the report was altered after signing: "
        + String.join(", ", changes);
  }

  private static boolean verifies(AgentPublicKey key, byte[] message, byte[] signature) {
    return Ed25519Verifier.verify(key, message, signature) == Ed25519Verifier.Outcome.VALID;
  }
}
