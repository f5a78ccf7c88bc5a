package org.web4.rtt.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.session.ConnectionProbe;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttEndpoint;

/**
 * RTT 1.1 session resume (docs/drafts/rtt-resume.md) between two reference endpoints over loopback
 * sockets. Every test ends with the exactly-once check on what the receiving application took,
 * across the connections.
 */
class ResumeOverLoopbackTest extends ResumeFixture {
  @Test
  void aCutMidMessageFromTheDialerIsResumedAndEveryMessageArrivesOnce() throws Exception {
    RttConnection[] c = connect();
    Set<RttConnection> old = Set.of(c[1]);
    // two 600,000-byte messages: the window (1 MiB) lets the second one through only in part
    c[0].send(ChannelNames.KNOWLEDGE, message(0, 600_000));
    c[0].send(ChannelNames.KNOWLEDGE, message(1, 600_000));
    await(() -> ConnectionProbe.unfinishedBytes(c[1]) > 0); // bob holds part of message 1
    RttConnection bobOld = c[1];
    cut(c);
    RttEndpoint.Resumed r = resume(c, old);
    assertThat(r.answer()).isInstanceOf(ResumeAnswer.Resumed.class);
    c[0].send(ChannelNames.KNOWLEDGE, message(2, 10)); // sent after the resume: after the rest
    assertThat(take(ChannelNames.KNOWLEDGE, 3, bobOld, c[1])).isEqualTo(range(0, 3));
  }

  @Test
  void aCutMidMessageFromTheListenerIsResumedAndEveryMessageArrivesOnce() throws Exception {
    RttConnection[] c = connect();
    Set<RttConnection> old = Set.of(c[1]);
    c[1].send(ChannelNames.STATE, message(0, 700_000));
    c[1].send(ChannelNames.STATE, message(1, 700_000));
    c[1].send(ChannelNames.STATE, message(2, 5));
    await(() -> ConnectionProbe.unfinishedBytes(c[0]) > 0);
    RttConnection aliceOld = c[0];
    cut(c);
    resume(c, old);
    c[1].send(ChannelNames.STATE, message(3, 0));
    assertThat(take(ChannelNames.STATE, 4, aliceOld, c[0])).isEqualTo(range(0, 4));
  }

  @Test
  void aMessageDeliveredBeforeTheCutButNotAcknowledgedIsNotSentAgain() throws Exception {
    RttConnection[] c = connect();
    Set<RttConnection> old = Set.of(c[1]);
    c[0].send(ChannelNames.KNOWLEDGE, message(0, 100));
    // delivered (queued at bob), not taken: no ACK, no CREDIT before the cut
    await(() -> ConnectionProbe.framesReceived(c[1]) >= 2);
    RttConnection bobOld = c[1];
    cut(c);
    resume(c, old);
    c[0].send(ChannelNames.KNOWLEDGE, message(1, 100));
    assertThat(take(ChannelNames.KNOWLEDGE, 2, bobOld, c[1])).isEqualTo(range(0, 2));
    assertThat(c[1].receive(ChannelNames.KNOWLEDGE, Duration.ZERO)).isEmpty();
  }

  @Test
  void aSessionTheListenerForgotIsAnsweredFreshUnknownAndTheConnectionWorks() throws Exception {
    RttConnection[] c = connect();
    cut(c);
    bob.sessions().clear();
    RttEndpoint.Resumed r = resume(c, Set.of(c[1]));
    assertThat(r.answer()).isEqualTo(new ResumeAnswer.Fresh(ResumeAnswer.FreshCode.RESUME_UNKNOWN));
    c[0].send(ChannelNames.KNOWLEDGE, message(7, 10));
    assertThat(take(ChannelNames.KNOWLEDGE, 1, c[1])).containsExactly(7L);
  }

  @Test
  void aResumeAfterTheRetentionTimeIsAnsweredExpired() throws Exception {
    RttConnection[] c = connect();
    cut(c);
    await(
        () ->
            bob.sessions().sessions().stream().anyMatch(s -> s.state() == Session.State.SUSPENDED));
    bobClock.advance(Duration.ofSeconds(121));
    bob.runTimersNow();
    RttEndpoint.Resumed r = resume(c, Set.of(c[1]));
    assertThat(r.answer()).isEqualTo(new ResumeAnswer.Fresh(ResumeAnswer.FreshCode.RESUME_EXPIRED));
    c[1].send(ChannelNames.KNOWLEDGE, message(9, 10));
    assertThat(take(ChannelNames.KNOWLEDGE, 1, c[0])).containsExactly(9L);
  }

  @Test
  void aResumeJustWithinTheRetentionTimeIsResumed() throws Exception {
    RttConnection[] c = connect();
    cut(c);
    await(
        () ->
            bob.sessions().sessions().stream().anyMatch(s -> s.state() == Session.State.SUSPENDED));
    bobClock.advance(Duration.ofSeconds(119));
    bob.runTimersNow();
    assertThat(resume(c, Set.of(c[1])).answer()).isInstanceOf(ResumeAnswer.Resumed.class);
  }

  @Test
  void aRetiredIdPresentedAgainIsAnsweredReplay() throws Exception {
    RttConnection[] c = connect();
    Session session = alice.sessions().sessions().get(0);
    List<SessionKeys> first = session.ids();
    cut(c);
    Set<RttConnection> old = Set.of(c[1]);
    resume(c, old);
    // the ACK of frame 1 retires the first id at bob (a PING round trip orders it before)
    await(() -> bob.sessions().hasTombstone(first.get(0).id()));
    Set<RttConnection> old2 = Set.of(c[1]);
    cut(c);
    session.replaceIds(first); // a dialer presenting the first id again
    RttEndpoint.Resumed r = resume(c, old2);
    assertThat(r.answer()).isEqualTo(new ResumeAnswer.Fresh(ResumeAnswer.FreshCode.REPLAY));
  }

  @Test
  void aSessionIsResumedAgainAfterACutOfTheResumedConnection() throws Exception {
    RttConnection[] c = connect();
    List<RttConnection> bobs = new ArrayList<>(List.of(c[1]));
    long n = 0;
    for (int round = 0; round < 3; round++) {
      c[0].send(ChannelNames.KNOWLEDGE, message(n++, 600_000));
      c[0].send(ChannelNames.KNOWLEDGE, message(n++, 600_000));
      RttConnection bobNow = c[1];
      await(() -> ConnectionProbe.unfinishedBytes(bobNow) > 0);
      cut(c);
      assertThat(resume(c, Set.copyOf(bobs)).answer()).isInstanceOf(ResumeAnswer.Resumed.class);
      bobs.add(c[1]);
    }
    assertThat(take(ChannelNames.KNOWLEDGE, (int) n, bobs.toArray(new RttConnection[0])))
        .isEqualTo(range(0, n));
  }

  @Test
  void aOnePointZeroPeerHasNoSessionAndNothingToResume() throws Exception {
    bob.enableResume(false);
    RttConnection[] c = connect();
    assertThat(c[0].session()).isEmpty();
    assertThat(c[1].session()).isEmpty();
    c[0].send(ChannelNames.KNOWLEDGE, message(1, 10));
    assertThat(take(ChannelNames.KNOWLEDGE, 1, c[1])).containsExactly(1L);
    c[0].close();
    assertThat(c[1].awaitClosed(WAIT)).isTrue();
    assertThatThrownBy(() -> alice.resume(bobFp)).isInstanceOf(IOException.class);
  }
}
