package org.web4.fuzz;

import java.security.ProviderException;
import org.web4.rtt.noise.CipherFunction;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.NoiseException;

/**
 * Findings in code another branch owns and fixes, let through by the fuzz targets so that the build
 * stays green and fuzzing goes on past them; {@link KnownFindingsTest} keeps each one visible (it
 * is reported skipped while the finding reproduces, and passes once it is fixed). Delete an entry
 * when its fix is merged (HANDOFF.md, docs/fuzzing.md).
 */
final class KnownFindings {
  private KnownFindings() {}

  /**
   * Issue 20 item 1 (branch perf-zerocopy): a ciphertext shorter than the 16-byte GCM tag makes the
   * JDK throw {@code ProviderException: ShortBufferException} out of {@link
   * CipherState#decryptWithAd} instead of a {@link NoiseException}: a transport message of 0–15
   * bytes (on the wire: ERROR FRAME, RTT-FR-004; Jazzer's regression run always replays the empty
   * input, which reproduces it), and, found by fuzzing, handshake message 2 or 3 whose payload part
   * is 0–15 bytes (80–95 and 48–63 bytes long), which escapes {@code RttHandshake.Steps.onMessage}.
   */
  static boolean isShortCiphertext(ProviderException e) {
    return e.getCause() instanceof javax.crypto.ShortBufferException;
  }

  /** {@link CipherState#decryptWithAd} with that finding turned into the refusal it should be. */
  static byte[] decrypt(CipherState receiver, byte[] message) throws NoiseException {
    try {
      return receiver.decryptWithAd(new byte[0], message);
    } catch (ProviderException e) {
      if (message.length < CipherFunction.TAG_LENGTH && isShortCiphertext(e)) {
        throw new NoiseException(NoiseException.Reason.DECRYPT_FAILED, "known finding: " + e);
      }
      throw e;
    }
  }
}
