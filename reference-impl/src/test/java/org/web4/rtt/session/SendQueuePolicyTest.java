package org.web4.rtt.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.Curve25519KeyPair;

/**
 * [RTT-BP-001 … RTT-BP-004] the send-queue policies over loopback. The receiver (queue mode) grants
 * credit only as it takes messages, so with messages of 500,000 bytes the window lets out #1 and #2
 * whole and 48,576 bytes of #3; with at most 2 messages queued, #4 still fits and #5 does not. Each
 * message's first byte is its number, so the receiver can tell which ones arrived.
 */
class SendQueuePolicyTest {
  private static final int MESSAGE = 500_000;
  private static final int KNOWLEDGE = ChannelNames.KNOWLEDGE;

  private final SecureRandom random = new SecureRandom();
  private final AgentKeyPair bobKey = AgentKeyPair.generate(random);
  private final List<RttEvent> aliceEvents = new CopyOnWriteArrayList<>();
  private final RttEndpoint alice =
      endpoint("alice", AgentKeyPair.generate(random), aliceEvents::add);
  private final RttEndpoint bob = endpoint("bob", bobKey, RttEvent.Sink.none());
  private RttConnection sender;
  private RttConnection receiver;

  @BeforeEach
  void connect() throws Exception {
    InetSocketAddress address =
        bob.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    sender = alice.dial(address, Optional.of(bobKey.publicKey().fingerprint()));
    RttConnectionTest.awaitCondition(() -> !bob.connections().isEmpty());
    receiver = bob.connections().iterator().next();
  }

  @AfterEach
  void close() {
    alice.close();
    bob.close();
  }

  @Test
  void errorRefusesTheMessageThatDoesNotFit() throws Exception {
    policy(SendQueuePolicy.Kind.ERROR, 2, SendQueuePolicy.MAX_BYTES, Duration.ZERO);
    sendNumbered(1, 4);
    assertThatThrownBy(() -> sender.send(KNOWLEDGE, numbered(5)))
        .isInstanceOf(RttBackpressureException.class);
    assertThat(receiveNumbers(4)).containsExactly(1, 2, 3, 4);
    assertThat(sender.sendQueueCounters()).isEqualTo(new SendQueueCounters(0, 1, 0));
    assertThat(kinds()).containsExactly("rtt.send_queue.refused");
  }

  @Test
  void errorCountsBytesToo() throws Exception {
    // #3 leaves 451,424 bytes queued: #4 would make 951,424 > 600,000
    policy(SendQueuePolicy.Kind.ERROR, 64, 600_000, Duration.ZERO);
    sendNumbered(1, 3);
    assertThatThrownBy(() -> sender.send(KNOWLEDGE, numbered(4)))
        .isInstanceOf(RttBackpressureException.class);
    assertThat(receiveNumbers(3)).containsExactly(1, 2, 3);
    assertThat(sender.sendQueueCounters().refused()).isEqualTo(1);
  }

  @Test
  void dropNewestDiscardsTheNewMessageQuietly() throws Exception {
    policy(SendQueuePolicy.Kind.DROP_NEWEST, 2, SendQueuePolicy.MAX_BYTES, Duration.ZERO);
    sendNumbered(1, 6);
    assertThat(receiveNumbers(4)).containsExactly(1, 2, 3, 4);
    assertThat(sender.sendQueueCounters()).isEqualTo(new SendQueueCounters(2, 0, 0));
    assertThat(kinds()).containsExactly("rtt.send_queue.dropped", "rtt.send_queue.dropped");
  }

  @Test
  void dropOldestDiscardsTheOldestUntouchedMessageNeverAPartlySentOne() throws Exception {
    policy(SendQueuePolicy.Kind.DROP_OLDEST, 2, SendQueuePolicy.MAX_BYTES, Duration.ZERO);
    sendNumbered(1, 6);
    // #3 is partly in DATA frames and is sent whole; #4, then #5, make room for the newer ones
    assertThat(receiveNumbers(4)).containsExactly(1, 2, 3, 6);
    assertThat(sender.sendQueueCounters()).isEqualTo(new SendQueueCounters(2, 0, 0));
  }

  @Test
  void dropOldestDropsTheNewMessageWhenNothingCanMakeRoom() throws Exception {
    // only #3 (partly sent, 451,424 bytes queued) is left: a second message can never fit
    policy(SendQueuePolicy.Kind.DROP_OLDEST, 1, SendQueuePolicy.MAX_BYTES, Duration.ZERO);
    sendNumbered(1, 4);
    assertThat(receiveNumbers(3)).containsExactly(1, 2, 3);
    assertThat(sender.sendQueueCounters().dropped()).isEqualTo(1);
  }

  @Test
  void blockWaitsForRoomAndThenSends() throws Exception {
    policy(SendQueuePolicy.Kind.BLOCK, 2, SendQueuePolicy.MAX_BYTES, Duration.ofSeconds(60));
    sendNumbered(1, 4);
    CompletableFuture<Void> fifth =
        CompletableFuture.runAsync(
            () -> {
              try {
                sender.send(KNOWLEDGE, numbered(5));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    RttConnectionTest.awaitCondition(() -> sender.sendQueueCounters().blocked() == 1);
    assertThat(fifth).isNotDone();
    // taking messages returns credit, which frames #3 and #4 and so makes room for #5
    assertThat(receiveNumbers(5)).containsExactly(1, 2, 3, 4, 5);
    fifth.get(30, TimeUnit.SECONDS);
    assertThat(sender.sendQueueCounters()).isEqualTo(new SendQueueCounters(0, 0, 1));
  }

  @Test
  void blockRefusesWhenNoRoomComesWithinTheTimeout() throws Exception {
    policy(SendQueuePolicy.Kind.BLOCK, 2, SendQueuePolicy.MAX_BYTES, Duration.ofMillis(100));
    sendNumbered(1, 4);
    assertThatThrownBy(() -> sender.send(KNOWLEDGE, numbered(5)))
        .isInstanceOf(RttBackpressureException.class);
    assertThat(receiveNumbers(4)).containsExactly(1, 2, 3, 4);
    assertThat(sender.sendQueueCounters()).isEqualTo(new SendQueueCounters(0, 1, 1));
  }

  @Test
  void theDefaultIsTodaysSixtyFourMessagesAndError() {
    assertThat(alice.sendQueuePolicy()).isEqualTo(SendQueuePolicy.DEFAULT);
    assertThat(SendQueuePolicy.DEFAULT.kind()).isEqualTo(SendQueuePolicy.Kind.ERROR);
    assertThat(SendQueuePolicy.DEFAULT.maxMessages()).isEqualTo(64);
    assertThatThrownBy(() -> new SendQueuePolicy(SendQueuePolicy.Kind.ERROR, 0, 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void policy(SendQueuePolicy.Kind kind, int messages, long bytes, Duration block) {
    alice.setSendQueuePolicy(new SendQueuePolicy(kind, messages, bytes, block));
  }

  private void sendNumbered(int first, int last) throws Exception {
    for (int i = first; i <= last; i++) {
      sender.send(KNOWLEDGE, numbered(i));
    }
  }

  private static byte[] numbered(int n) {
    byte[] m = new byte[MESSAGE];
    m[0] = (byte) n;
    return m;
  }

  private List<Integer> receiveNumbers(int count) throws Exception {
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Delivery d = receiver.receive(KNOWLEDGE, Duration.ofSeconds(30)).orElseThrow();
      numbers.add((int) ((Delivery.Message) d).bytes()[0]);
    }
    assertThat(receiver.receive(KNOWLEDGE, Duration.ofMillis(200))).isEmpty();
    return numbers;
  }

  private List<String> kinds() {
    return aliceEvents.stream()
        .map(RttEvent::kind)
        .filter(k -> k.startsWith("rtt.send_queue."))
        .toList();
  }

  private RttEndpoint endpoint(String name, AgentKeyPair key, RttEvent.Sink events) {
    return new RttEndpoint(
        new RttHandshake.LocalIdentity(
            name, key, Curve25519KeyPair.generate(random), RttLimits.DEFAULT),
        new AdjustableClock(Clock.systemUTC()),
        random,
        events,
        null,
        c -> {});
  }
}
