package org.web4.fuzz;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.ProviderException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.NoiseException;

/**
 * The findings {@link KnownFindings} lets through, one test each: skipped (with the reason) while
 * the finding reproduces, passing once its fix is merged — then delete the entry and this test.
 */
class KnownFindingsTest {

  /** Issue 20 item 1 (perf-zerocopy): an empty transport message is refused with NoiseException. */
  @Test
  void transportMessageShorterThanTheTagIsANoiseException() throws NoiseException {
    CipherState receiver = VectorHandshake.establishedResponderReceiver();
    try {
      receiver.decryptWithAd(new byte[0], new byte[0]);
    } catch (NoiseException refused) {
      return; // fixed
    } catch (ProviderException e) {
      Assumptions.abort("open finding, issue 20 item 1 (perf-zerocopy): " + e);
    }
    assertThrows(NoiseException.class, () -> receiver.decryptWithAd(new byte[0], new byte[15]));
  }
}
