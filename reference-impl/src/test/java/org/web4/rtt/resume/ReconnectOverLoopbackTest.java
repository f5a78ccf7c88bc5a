package org.web4.rtt.resume;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttEvent;
import org.web4.rtt.session.ConnectionProbe;
import org.web4.rtt.session.Reconnector;
import org.web4.rtt.session.RttConnection;

/**
 * The reference's automatic reconnect (docs/drafts/rtt-resume.md §6, docs/adr/1412) between two
 * reference endpoints over loopback sockets. Time is Alice's injected clock, moved by the test; the
 * waits are barriers (a condition with a generous guard), never a timed assertion.
 */
class ReconnectOverLoopbackTest extends ResumeFixture {
  private static final long SEED = 1412;
  private final List<Reconnector.How> hows = new CopyOnWriteArrayList<>();

  private RttConnection[] keep(Reconnector.AfterRetention after) throws Exception {
    InetSocketAddress address =
        bob.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    RttConnection dialled =
        alice.reconnector().keep(address, bobFp, SEED, after, (c, how) -> hows.add(how));
    return new RttConnection[] {dialled, newConnection(bob, Set.of())};
  }

  /** Moves Alice's clock by {@code step} and runs her timers until a new connection is kept. */
  private RttConnection reconnected(RttConnection old, Duration step) {
    for (int i = 0; i < 1000; i++) {
      var now = alice.reconnector().connection(bobFp);
      if (now.isPresent() && now.get() != old) {
        return now.get();
      }
      aliceClock.advance(step);
      alice.runTimersNow();
      await(() -> !alice.reconnector().attempting(bobFp));
    }
    throw new AssertionError("not reconnected");
  }

  private List<RttEvent> events(String kind) {
    return events.stream().filter(e -> e.kind().equals(kind)).toList();
  }

  @Test
  void anAbruptEndIsResumedByItselfOnTheBackoffScheduleAndEveryMessageArrivesOnce()
      throws Exception {
    RttConnection[] c = keep(Reconnector.AfterRetention.FRESH_SESSION);
    c[0].send(ChannelNames.KNOWLEDGE, message(0, 600_000));
    c[0].send(ChannelNames.KNOWLEDGE, message(1, 600_000));
    RttConnection bobOld = c[1];
    await(() -> ConnectionProbe.unfinishedBytes(bobOld) > 0);
    bobOld.close(); // the listener's side ends without GOAWAY: the dialer sees the stream end
    await(() -> alice.sessions().suspendedDialerSession(bobFp).isPresent());
    RttConnection resumed = reconnected(c[0], Duration.ofMillis(50));
    assertThat(hows).containsExactly(Reconnector.How.RESUMED);
    resumed.send(ChannelNames.KNOWLEDGE, message(2, 10));
    RttConnection bobNew = newConnection(bob, Set.of(bobOld));
    assertThat(take(ChannelNames.KNOWLEDGE, 3, bobOld, bobNew)).isEqualTo(range(0, 3));
    RttEvent first = events("rtt.reconnect.scheduled").get(0);
    assertThat(first.attributes()).containsEntry("attempt", 0).containsEntry("mode", "resume");
    assertThat((Long) first.attributes().get("delay_ms"))
        .isBetween(0L, Reconnect.bound(0).toMillis());
    assertThat(alice.reconnector().figures(bobFp).resumed()).isEqualTo(1);
  }

  @Test
  void aGracefulEndIsFinalAndNothingIsDialledAgain() throws Exception {
    RttConnection[] c = keep(Reconnector.AfterRetention.FRESH_SESSION);
    c[0].shutdown(); // GOAWAY [RTT-RES-014]: the session ends
    assertThat(c[0].awaitClosed(WAIT)).isTrue();
    for (int i = 0; i < 5; i++) {
      aliceClock.advance(Duration.ofSeconds(1));
      alice.runTimersNow();
    }
    assertThat(alice.reconnector().keeps(bobFp)).isFalse();
    assertThat(events("rtt.reconnect.scheduled")).isEmpty();
    assertThat(events("rtt.reconnect.gave_up")).hasSize(1);
    assertThat(hows).isEmpty();
  }

  @Test
  void whileTheListenerIsGoneTheBackoffGrowsAndTheRetentionTimeEndsIt() throws Exception {
    keep(Reconnector.AfterRetention.GIVE_UP);
    bob.close(); // the listener goes: its connections end without GOAWAY, connects fail
    await(() -> alice.sessions().suspendedDialerSession(bobFp).isPresent());
    for (int second = 0; second < 130 && alice.reconnector().keeps(bobFp); second++) {
      for (int tenth = 0; tenth < 10; tenth++) {
        aliceClock.advance(Duration.ofMillis(100));
        alice.runTimersNow();
        await(() -> !alice.reconnector().attempting(bobFp));
      }
    }
    assertThat(alice.reconnector().keeps(bobFp)).isFalse();
    List<RttEvent> scheduled = events("rtt.reconnect.scheduled");
    assertThat(scheduled.size()).isGreaterThanOrEqualTo(7); // draft §6: at least 7 in 120 s
    for (RttEvent e : scheduled) {
      int attempt =
          ((Number) java.util.Objects.requireNonNull(e.attributes().get("attempt"))).intValue();
      assertThat((Long) e.attributes().get("delay_ms"))
          .isBetween(0L, Reconnect.bound(attempt).toMillis());
    }
    assertThat(events("rtt.reconnect.failed")).hasSizeGreaterThanOrEqualTo(scheduled.size() - 1);
    assertThat(events("rtt.reconnect.gave_up").get(0).attributes())
        .containsEntry("reason", "retention");
    assertThat(hows).isEmpty();
  }

  @Test
  void afterTheRetentionTimeAFreshSessionIsDialledWithTheScheduleRestarted() throws Exception {
    RttConnection[] c = keep(Reconnector.AfterRetention.FRESH_SESSION);
    SessionId before = alice.sessions().sessions().get(0).id();
    c[1].close();
    await(() -> alice.sessions().suspendedDialerSession(bobFp).isPresent());
    aliceClock.advance(Duration.ofSeconds(121)); // no attempt yet: the session expires first
    alice.runTimersNow();
    RttConnection fresh = reconnected(c[0], Duration.ofMillis(50));
    assertThat(hows).containsExactly(Reconnector.How.DIALLED);
    assertThat(alice.sessions().sessions()).hasSize(1);
    assertThat(alice.sessions().sessions().get(0).id()).isNotEqualTo(before);
    fresh.send(ChannelNames.KNOWLEDGE, message(5, 10));
    assertThat(take(ChannelNames.KNOWLEDGE, 1, newConnection(bob, Set.of(c[1]))))
        .containsExactly(5L);
  }
}
