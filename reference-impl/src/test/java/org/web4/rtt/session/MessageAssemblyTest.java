package org.web4.rtt.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web4.rtt.RttLimits;

/** Reassembly into one array (docs/adr/1106): whole, in order, whatever the fragments. */
class MessageAssemblyTest {
  private final Random random = new Random(1106);

  @Test
  void aMessageOfOneFrameIsItsBytes() {
    MessageAssembly assembly = new MessageAssembly();
    byte[] body = bytes(1000);
    ByteBuffer inSocketBuffer = ByteBuffer.allocateDirect(8 + 1000).position(8);
    inSocketBuffer.put(body).position(8);

    assertThat(assembly.finish(inSocketBuffer)).isEqualTo(body);
    assertThat(assembly.size()).isZero();
  }

  @Test
  void fragmentsOfAnySizeMakeTheWholeMessageAndTheAssemblyIsReusable() {
    MessageAssembly assembly = new MessageAssembly();
    for (int[] cut : new int[][] {{1, 1, 1, 1}, {65_511, 65_511, 3}, {10, 0, 70_000, 5}}) {
      int total = 0;
      for (int n : cut) {
        total += n;
      }
      byte[] message = bytes(total);
      int at = 0;
      for (int i = 0; i < cut.length - 1; i++) {
        assembly.add(ByteBuffer.wrap(message, at, cut[i]), RttLimits.WINDOW);
        at += cut[i];
      }
      assertThat(assembly.size()).isEqualTo(at);
      assertThat(assembly.finish(ByteBuffer.wrap(message, at, total - at))).isEqualTo(message);
      assertThat(assembly.size()).isZero();
    }
  }

  @Test
  void aMessageAsLargeAsTheWindowNeedsNoCutAtTheEnd() {
    MessageAssembly assembly = new MessageAssembly();
    byte[] message = bytes((int) RttLimits.WINDOW);
    int at = 0;
    while (message.length - at > 65_511) {
      assembly.add(ByteBuffer.wrap(message, at, 65_511), RttLimits.WINDOW);
      at += 65_511;
    }
    assertThat(assembly.finish(ByteBuffer.wrap(message, at, message.length - at)))
        .isEqualTo(message);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
