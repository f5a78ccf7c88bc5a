package org.web4.conformance.report.claims;

import java.io.IOException;
import java.nio.file.Path;
import org.web4.cli.CommandErrors.InputException;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.KeyFiles;

/**
 * {@code run --sign-report KEY}: the key is read before the run starts (a bad key file fails fast,
 * naming it), and the written report.json is signed from the file on disk, so the signature covers
 * exactly what was written.
 */
public final class ReportSigner implements AutoCloseable {
  private final AgentKeyPair key;

  private ReportSigner(AgentKeyPair key) {
    this.key = key;
  }

  /** The signer with the Ed25519 private key (PKCS#8 PEM, docs/key-files.md) in {@code file}. */
  public static ReportSigner withKey(String option, Path file) throws InputException {
    try {
      return new ReportSigner(KeyFiles.readPrivateKey(file));
    } catch (IOException e) {
      throw new InputException(option + " " + org.web4.cli.CommandErrors.describe(e), e);
    }
  }

  /** Signs {@code report} and writes the detached signature beside it; returns its path. */
  public Path sign(Path report) throws IOException, InputException {
    Path file = ReportSignature.besides(report);
    ReportSignature.sign(CanonicalReport.read(report), key).write(file);
    return file;
  }

  /** The signer's key fingerprint. */
  public String fingerprint() {
    return key.publicKey().fingerprint();
  }

  /** Wipes the key. */
  @Override
  public void close() {
    key.destroy();
  }
}
