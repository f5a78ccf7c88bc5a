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
   * Issue 20 item 1 (branch perf-zerocopy): a transport message shorter than the 16-byte GCM tag
   * makes the JDK throw {@code ProviderException: ShortBufferException} out of {@link
   * CipherState#decryptWithAd} instead of a {@link NoiseException} (on the wire: ERROR FRAME,
   * RTT-FR-004). Jazzer's regression run always replays the empty input, which reproduces it.
   */
  static boolean isShortTransportMessage(ProviderException e, byte[] message) {
    return message.length < CipherFunction.TAG_LENGTH
        && e.getCause() instanceof javax.crypto.ShortBufferException;
  }

  /** {@link CipherState#decryptWithAd} with that finding turned into the refusal it should be. */
  static byte[] decrypt(CipherState receiver, byte[] message) throws NoiseException {
    try {
      return receiver.decryptWithAd(new byte[0], message);
    } catch (ProviderException e) {
      if (isShortTransportMessage(e, message)) {
        throw new NoiseException(NoiseException.Reason.DECRYPT_FAILED, "known finding: " + e);
      }
      throw e;
    }
  }
}
