package org.web4.rtt.resume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.session.Delivery;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttTransportException;

/**
 * The seed of issue 18's 24-hour simulation, on real loopback sockets: rounds of traffic both ways
 * on two channels (messages of 8 bytes to 400,000, so that cuts land mid-message and between a
 * message and its ACK), the receivers taking a random part of what arrived (so ACKs and CREDITs
 * flow), then a cut by a random side and a resume. At the end every message each side sent on each
 * channel was taken by the other application exactly once and in order. The seed is fixed ({@code
 * -Dweb4.resume.seed=N} replays another); where the cuts land also depends on thread timing, which
 * the exactly-once property must survive whatever it is.
 */
class ResumeManyCutsTest extends ResumeFixture {
  private static final int ROUNDS = 25;
  private static final int[] SIZES = {8, 100, 65_511, 65_512, 400_000};
  private static final int[] CHANNELS = {ChannelNames.STATE, ChannelNames.KNOWLEDGE};

  /** One application's side of the session: its connections, oldest first, and what it took. */
  private static final class App {
    final List<RttConnection> connections = new ArrayList<>();
    final Map<Integer, List<Long>> taken = new HashMap<>();
    final Map<Integer, Long> sent = new HashMap<>();

    RttConnection current() {
      return connections.get(connections.size() - 1);
    }

    /** Takes up to {@code max} messages on a channel, from the oldest connection first. */
    void take(int channel, int max, Duration wait) throws Exception {
      List<Long> into = taken.computeIfAbsent(channel, c -> new ArrayList<>());
      int n = 0;
      for (RttConnection c : connections) {
        while (n < max) {
          Optional<Delivery> d;
          try {
            boolean last = c == current();
            d = c.receive(channel, last ? wait : Duration.ZERO);
          } catch (RttTransportException e) {
            break; // closed and drained
          }
          if (d.isEmpty()) {
            break;
          }
          into.add(ByteBuffer.wrap(((Delivery.Message) d.get()).bytes()).getLong());
          n++;
        }
      }
    }

    void send(int channel, int size) throws Exception {
      long number = sent.merge(channel, 1L, Long::sum) - 1;
      current().send(channel, message(number, size));
    }
  }

  @Test
  void everyMessageArrivesExactlyOnceInOrderAcrossManyCuts() throws Exception {
    long seed = Long.getLong("web4.resume.seed", 18L);
    SplittableRandom random = new SplittableRandom(seed);
    RttConnection[] c = connect();
    App a = new App();
    App b = new App();
    a.connections.add(c[0]);
    b.connections.add(c[1]);
    int resumed = 0;
    for (int round = 0; round < ROUNDS; round++) {
      for (App sender : List.of(a, b)) {
        int messages = random.nextInt(4);
        for (int i = 0; i < messages; i++) {
          sender.send(
              CHANNELS[random.nextInt(CHANNELS.length)], SIZES[random.nextInt(SIZES.length)]);
        }
      }
      for (App receiver : List.of(a, b)) {
        for (int channel : CHANNELS) {
          receiver.take(channel, random.nextInt(3), Duration.ZERO);
        }
      }
      // the cut: either side closes without GOAWAY
      RttConnection[] now = {a.current(), b.current()};
      now[random.nextInt(2)].close();
      assertThat(now[0].awaitClosed(WAIT)).isTrue();
      assertThat(now[1].awaitClosed(WAIT)).isTrue();
      await(() -> alice.sessions().suspendedDialerSession(bobFp).isPresent());
      RttConnection[] next = {now[0], now[1]};
      ResumeAnswer answer = resume(next, Set.copyOf(b.connections)).answer();
      assertThat(answer)
          .as("round %s, seed %s", round, seed)
          .isInstanceOf(ResumeAnswer.Resumed.class);
      resumed++;
      a.connections.add(next[0]);
      b.connections.add(next[1]);
    }
    for (App receiver : List.of(a, b)) {
      App sender = receiver == a ? b : a;
      for (int channel : CHANNELS) {
        long expected = sender.sent.getOrDefault(channel, 0L);
        receiver.take(
            channel,
            (int) (expected - receiver.taken.getOrDefault(channel, List.of()).size()),
            WAIT);
        assertThat(receiver.taken.getOrDefault(channel, List.of()))
            .as("channel %s, seed %s", channel, seed)
            .isEqualTo(range(0, expected));
      }
    }
    assertThat(resumed).isEqualTo(ROUNDS);
  }
}
