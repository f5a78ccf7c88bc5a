package org.web4.rtt.resume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web4.rtt.session.Retention;
import org.web4.rtt.session.SendQueuePolicy;

/**
 * [RTT-RES-017] the send-queue policy against a suspended session's channel: #0 and #1 sent whole
 * and unacknowledged, #2 begun, #3 not begun — the queue holds #2 and #3, the limit is 2 messages.
 */
class SuspendedAdmissionTest {
  private static RetainedChannel channel(int begun) {
    RetainedChannel ch = new RetainedChannel(3, "held");
    for (int i = 0; i < 4; i++) {
      ch.retain(new byte[] {(byte) i});
    }
    ch.finished = 2;
    ch.begun = begun;
    return ch;
  }

  private static SendQueuePolicy policy(SendQueuePolicy.Kind kind) {
    return new SendQueuePolicy(kind, 2, 1L << 26, Duration.ofMillis(200));
  }

  /** The policy's answer to a fifth message, #4, offered to the suspended channel. */
  private static Retention admitMessage4(RetainedChannel ch, SendQueuePolicy.Kind kind) {
    return SuspendedAdmission.admit(ch, policy(kind), new byte[] {4});
  }

  /** The numbers of the messages the channel retains, in order. */
  private static List<Byte> held(RetainedChannel ch) {
    return ch.retained.stream().map(m -> m[0]).toList();
  }

  @Test
  void errorAndBlockRefuseAndRetainNothing() {
    for (SendQueuePolicy.Kind kind :
        new SendQueuePolicy.Kind[] {SendQueuePolicy.Kind.ERROR, SendQueuePolicy.Kind.BLOCK}) {
      RetainedChannel ch = channel(3);
      assertThat(admitMessage4(ch, kind).kind()).isEqualTo(Retention.Kind.REFUSED);
      assertThat(ch.retained).hasSize(4);
    }
  }

  @Test
  void dropNewestDropsTheNewMessage() {
    RetainedChannel ch = channel(3);
    assertThat(admitMessage4(ch, SendQueuePolicy.Kind.DROP_NEWEST)).isEqualTo(Retention.DROPPED);
    assertThat(held(ch)).containsExactly((byte) 0, (byte) 1, (byte) 2, (byte) 3);
  }

  @Test
  void dropOldestSparesWhatWasSentWholeOrInPart() {
    RetainedChannel ch = channel(3);
    assertThat(admitMessage4(ch, SendQueuePolicy.Kind.DROP_OLDEST))
        .isEqualTo(Retention.retained(List.of(1)));
    assertThat(held(ch)).containsExactly((byte) 0, (byte) 1, (byte) 2, (byte) 4);
    assertThat(ch.retainedBytes).isEqualTo(4);
  }

  @Test
  void dropOldestDropsTheNewOneWhenOnlyBegunMessagesAreQueued() {
    RetainedChannel ch = channel(4);
    assertThat(admitMessage4(ch, SendQueuePolicy.Kind.DROP_OLDEST)).isEqualTo(Retention.DROPPED);
    assertThat(ch.retained).hasSize(4);
  }
}
