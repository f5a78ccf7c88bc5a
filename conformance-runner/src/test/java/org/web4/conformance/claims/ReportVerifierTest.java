package org.web4.conformance.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.report.claims.CanonicalReport;
import org.web4.conformance.report.claims.ReportParts;
import org.web4.conformance.report.claims.ReportSignature;
import org.web4.conformance.report.claims.ReportSigner;
import org.web4.conformance.report.claims.ReportVerifier;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.KeyFiles;

/**
 * What the verifier says when the signature file, not the report, was altered (on real files, a
 * small report signed by {@link ReportSigner}): a changed signature value with every part digest
 * matching, and a signature whose part digests are not the signed ones (another report's, or
 * edited). The CLI around it: {@link SignedReportCliTest}.
 */
class ReportVerifierTest {
  private static final ReportVerifier VERIFIER =
      new ReportVerifier(null, "ab".repeat(32), "test vectors", "1.0");

  @TempDir Path dir;
  private Path report;
  private ReportSignature signed;

  @BeforeEach
  void signedReport() throws Exception {
    report = dir.resolve("report.json");
    Files.writeString(
        report,
        "{\"header\": {\"kit_version\": \"1.0\", \"vectors\": {\"manifest_sha256\": \""
            + "ab".repeat(32)
            + "\"}}, \"summary\": {\"failed\": 0}, \"cases\": [{\"id\": \"a\", \"outcome\":"
            + " \"passed\"}]}");
    KeyFiles.writePrivateKey(AgentKeyPair.fromSeed(new byte[32]), dir.resolve("key.pem"));
    try (ReportSigner signer = ReportSigner.withKey("--sign-report", dir.resolve("key.pem"))) {
      signed = ReportSignature.read(signer.sign(report));
    }
  }

  @Test
  void theSignedReportVerifies() throws Exception {
    ReportVerifier.Result result = VERIFIER.verify(CanonicalReport.read(report), signed);

    assertThat(result.refusals()).isEmpty();
    assertThat(result.checked()).hasSize(3);
  }

  @Test
  void anAlteredSignatureValueIsNamedAsSuch() throws Exception {
    byte[] value = Arrays.copyOf(signed.value(), 64);
    value[0] ^= 1;
    ReportSignature altered =
        new ReportSignature(signed.publicKey(), value, signed.parts(), signed.partsValue());

    ReportVerifier.Result result = VERIFIER.verify(CanonicalReport.read(report), altered);

    assertThat(result.refusals())
        .containsExactly(
            "signature: does not verify over the report's RFC 8785 form, though every part"
                + " digest matches: the signature value was altered");
  }

  @Test
  void partDigestsThatWereNotSignedMeanAnotherOrAnAlteredSignatureFile() throws Exception {
    Files.writeString(report, Files.readString(report).replace("\"failed\": 0", "\"failed\": 1"));
    ReportSignature foreign =
        new ReportSignature(
            signed.publicKey(),
            signed.value(),
            ReportParts.of(CanonicalReport.read(report).tree()),
            signed.partsValue());

    ReportVerifier.Result result = VERIFIER.verify(CanonicalReport.read(report), foreign);

    assertThat(result.refusals())
        .containsExactly(
            "signature: does not verify, and neither do the signed part digests: the signature"
                + " file was altered or belongs to another report");
  }
}
