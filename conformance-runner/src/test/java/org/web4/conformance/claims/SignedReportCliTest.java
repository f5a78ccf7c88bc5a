package org.web4.conformance.claims;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.report.claims.ReportSignature;
import org.web4.conformance.report.claims.ReportSigner;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.KeyFiles;

/**
 * Signed claims through the CLI, as child processes on real files: one {@code run --sign-report
 * KEY} of a single vector against the embedded reference (a few seconds) writes report.json and
 * report.json.sig; {@code verify-report} verifies it and says who claims what, still verifies it
 * reformatted (the signature is over the RFC 8785 form), and refuses it — exit 1, naming what is
 * wrong — when a value was changed (naming the changed parts), when another key is pinned, and when
 * the report was made by another kit version with other vectors (an altered signature file: {@link
 * ReportVerifierTest}). A missing key file is one line and exit 2 before anything runs.
 */
class SignedReportCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static ChildCli cli;
  private static Path report;
  private static AgentKeyPair signer;

  @BeforeAll
  static void signedRun() throws Exception {
    cli = new ChildCli(dir);
    signer =
        AgentKeyPair.fromSeed(
            new byte[] {
              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
              25, 26, 27, 28, 29, 30, 31, 32
            });
    KeyFiles.writePrivateKey(signer, dir.resolve("signer.pem"));
    KeyFiles.writePublicKey(signer.publicKey(), dir.resolve("signer.pub.pem"));
    KeyFiles.writePublicKey(
        AgentKeyPair.fromSeed(new byte[32]).publicKey(), dir.resolve("other.pub.pem"));
    ChildCli.Result run =
        cli.run(
            "run",
            "--check",
            "jcs/jcs_test.json#1",
            "--seed",
            "1",
            "--report-dir",
            "reports",
            "--sign-report",
            "signer.pem");
    report = dir.resolve("reports/report.json");
    assertThat(run.err()).as("%s", run).contains("signed: ").contains("report.json.sig");
    assertThat(dir.resolve("reports/report.json.sig")).isRegularFile();
  }

  @Test
  void aSignedReportVerifiesAndSaysWhoClaimsWhat() throws Exception {
    ChildCli.Result verify =
        cli.run("verify-report", "reports/report.json", "--public-key", "signer.pub.pem");

    String fingerprint = signer.publicKey().fingerprint();
    JsonNode header = JSON.readTree(report.toFile()).path("header");
    assertThat(verify.exit()).as("%s", verify).isZero();
    assertThat(verify.out())
        .contains("OK signature: Ed25519 over the RFC 8785 form, key " + fingerprint + "\n")
        .contains(
            "OK vectors: manifest SHA-256 "
                + header.path("vectors").path("manifest_sha256").asText())
        .contains("OK kit: version " + header.path("kit_version").asText())
        .contains(
            "VERIFIED key "
                + fingerprint
                + " (pinned) claims: implementation \""
                + header.path("implementation").path("name").asText())
        .contains("target \"" + header.path("target").asText() + "\"")
        .contains("seed 1, profile full");
  }

  @Test
  void aReformattedReportStillVerifies() throws Exception {
    Path copy = dir.resolve("compact.json");
    Files.write(copy, JSON.writeValueAsBytes(JSON.readTree(report.toFile())));

    ChildCli.Result verify =
        cli.run(
            "verify-report",
            "compact.json",
            "--signature",
            "reports/report.json.sig",
            "--public-key",
            "signer.pub.pem");

    assertThat(verify.exit()).as("%s", verify).isZero();
    assertThat(verify.out()).contains("VERIFIED key ");
  }

  @Test
  void aTamperedReportIsRefusedNamingWhatChanged() throws Exception {
    ObjectNode tampered = (ObjectNode) JSON.readTree(report.toFile());
    ((ObjectNode) tampered.path("cases").get(0)).put("outcome", "failed");
    ((ObjectNode) tampered.path("summary")).put("failed", 1);
    Path copy = dir.resolve("tampered.json");
    Files.write(copy, JSON.writeValueAsBytes(tampered));

    ChildCli.Result verify =
        cli.run(
            "verify-report",
            "tampered.json",
            "--signature",
            "reports/report.json.sig",
            "--public-key",
            "signer.pub.pem");

    assertThat(verify.exit()).as("%s", verify).isEqualTo(1);
    assertThat(verify.out())
        .contains(
            "REFUSED signature: does not verify: the report was altered after signing: changed"
                + " cases[jcs/jcs_test.json#1], changed summary.failed\n")
        .contains("NOT VERIFIED key ");
  }

  @Test
  void aReportSignedByAnotherKeyThanThePinnedOneIsRefused() throws Exception {
    ChildCli.Result verify =
        cli.run("verify-report", "reports/report.json", "--public-key", "other.pub.pem");

    assertThat(verify.exit()).as("%s", verify).isEqualTo(1);
    assertThat(verify.out())
        .contains(
            "REFUSED signature: made by key "
                + signer.publicKey().fingerprint()
                + ", not by the --public-key "
                + AgentKeyPair.fromSeed(new byte[32]).publicKey().fingerprint());
  }

  @Test
  void aReportOfAnotherKitVersionAndOtherVectorsIsRefusedThoughSigned() throws Exception {
    ObjectNode other = (ObjectNode) JSON.readTree(report.toFile());
    ObjectNode header = (ObjectNode) other.path("header");
    header.put("kit_version", "0.0.1");
    ((ObjectNode) header.path("vectors")).put("manifest_sha256", "ab".repeat(32));
    Path copy = dir.resolve("old/report.json");
    Files.createDirectories(copy.getParent());
    Files.write(copy, JSON.writeValueAsBytes(other));
    try (ReportSigner sign = ReportSigner.withKey("--sign-report", dir.resolve("signer.pem"))) {
      assertThat(sign.sign(copy)).isEqualTo(ReportSignature.besides(copy));
    }

    ChildCli.Result verify = cli.run("verify-report", "old/report.json");

    assertThat(verify.exit()).as("%s", verify).isEqualTo(1);
    assertThat(verify.out())
        .contains("OK signature: Ed25519 over the RFC 8785 form, key ")
        .contains("(not pinned: --public-key says whose key it must be)")
        .contains(
            "REFUSED vectors: the report was made with the vectors of manifest SHA-256 "
                + "ab".repeat(32))
        .contains("REFUSED kit: the report was made by kit version 0.0.1, this is ")
        .contains("NOT VERIFIED key " + signer.publicKey().fingerprint() + " (not pinned)");
  }

  @Test
  void aMissingKeyFileIsOneLineBeforeAnythingRuns() throws Exception {
    ChildCli.Result run = cli.run("run", "--report-dir", "never", "--sign-report", "missing.pem");

    assertThat(run.exit()).as("%s", run).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("web4-conformance: --sign-report missing.pem: no such file or folder\n");
    assertThat(dir.resolve("never/report.json")).doesNotExist();
  }
}
