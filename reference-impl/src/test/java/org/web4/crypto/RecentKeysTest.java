package org.web4.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Recently decoded keys are served again; the least recently used leaves first; errors are not
 * kept.
 */
class RecentKeysTest {
  private static final String ALICE = keyText(1);
  private static final String BOB = keyText(2);
  private static final String CAROL = keyText(3);

  @Test
  void aRecentKeyIsDecodedOnce() {
    RecentKeys recent = new RecentKeys(2);
    AtomicInteger decodes = new AtomicInteger();
    AgentPublicKey first = recent.get(ALICE, text -> count(decodes, text));
    AgentPublicKey again = recent.get(ALICE, text -> count(decodes, text));
    assertThat(again).isSameAs(first);
    assertThat(decodes).hasValue(1);
  }

  @Test
  void theLeastRecentlyUsedKeyLeavesFirst() {
    RecentKeys recent = new RecentKeys(2);
    AtomicInteger decodes = new AtomicInteger();
    recent.get(ALICE, text -> count(decodes, text));
    recent.get(BOB, text -> count(decodes, text));
    recent.get(ALICE, text -> count(decodes, text)); // ALICE is now the most recent
    recent.get(CAROL, text -> count(decodes, text)); // BOB leaves
    assertThat(decodes).hasValue(3);
    recent.get(ALICE, text -> count(decodes, text));
    assertThat(decodes).hasValue(3);
    recent.get(BOB, text -> count(decodes, text));
    assertThat(decodes).hasValue(4);
  }

  @Test
  void textThatDoesNotDecodeIsRefusedEveryTime() {
    assertThatThrownBy(() -> AgentPublicKey.fromBase64("not base64"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AgentPublicKey.fromBase64("not base64"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(AgentPublicKey.fromBase64(ALICE)).isSameAs(AgentPublicKey.fromBase64(ALICE));
  }

  private static String keyText(int seedByte) {
    byte[] seed = new byte[32];
    seed[0] = (byte) seedByte;
    return AgentKeyPair.fromSeed(seed).publicKey().base64();
  }

  private static AgentPublicKey count(AtomicInteger decodes, String text) {
    decodes.incrementAndGet();
    return AgentPublicKey.fromRaw(Base64.getDecoder().decode(text));
  }
}
