package org.web4.conformance.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.web4.cli.CommandErrors;
import org.web4.cli.CommandErrors.InputException;
import org.web4.conformance.report.claims.CanonicalReport;
import org.web4.conformance.report.claims.ReportSignature;
import org.web4.conformance.report.claims.ReportVerifier;
import org.web4.conformance.run.KitVersion;
import org.web4.conformance.vectors.VectorSet;
import org.web4.crypto.AgentPublicKey;
import org.web4.crypto.KeyFiles;
import org.web4.vectors.VectorManifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code web4-conformance verify-report report.json [--signature F] [--public-key K] [--vectors
 * DIR]}: checks a signed report (ADR 0310) and says who claims what.
 */
@Command(
    name = "verify-report",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a report signed with run --sign-report: the Ed25519 signature over the report's"
          + " RFC 8785 form, that it was made with this kit's vectors (manifest hash) and this"
          + " kit's version; then says who claims what.",
      "A report altered after signing is refused, naming the parts that changed."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:verified",
      "1:refused (altered, another key, other vectors or another kit version)",
      ExitCodes.USAGE_TEXT
    })
final class VerifyReportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REPORT", description = "the report.json to check")
  Path report = Path.of("web4-reports", "report.json");

  @Option(
      names = "--signature",
      paramLabel = "FILE",
      description = "the detached signature (default: REPORT.sig beside the report)")
  @Nullable Path signature;

  @Option(
      names = "--public-key",
      paramLabel = "PEM",
      description =
          "the Ed25519 public key that must have signed (SubjectPublicKeyInfo PEM); without it,"
              + " the key the signature names, reported as not pinned")
  @Nullable Path publicKey;

  @Option(
      names = "--vectors",
      paramLabel = "DIR",
      description = "the vectors the report must have been made with (default: bundled)")
  @Nullable Path vectors;

  @Override
  public Integer call() throws InputException, IOException {
    Path sigFile = signature != null ? signature : ReportSignature.besides(report);
    Preflight.file("REPORT", report);
    Preflight.file("--signature", sigFile);
    AgentPublicKey pinned = null;
    if (publicKey != null) {
      Preflight.file("--public-key", publicKey);
      try {
        pinned = KeyFiles.readPublicKey(publicKey);
      } catch (IOException e) {
        throw new InputException("--public-key " + CommandErrors.describe(e), e);
      }
    }
    VectorSet set;
    try {
      set = vectors == null ? VectorSet.fromClasspath() : VectorSet.fromDirectory(vectors);
    } catch (VectorManifest.TamperedException e) {
      throw new InputException("refusing the vectors: " + e.getMessage(), e);
    }
    ReportVerifier.Result result =
        new ReportVerifier(pinned, set.manifestSha256(), set.source(), KitVersion.get())
            .verify(CanonicalReport.read(report), ReportSignature.read(sigFile));
    PrintWriter out = spec.commandLine().getOut();
    result.checked().forEach(line -> out.println("OK " + line));
    result.refusals().forEach(line -> out.println("REFUSED " + line));
    out.println((result.verified() ? "VERIFIED " : "NOT VERIFIED ") + result.claim());
    out.flush();
    return result.verified() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
