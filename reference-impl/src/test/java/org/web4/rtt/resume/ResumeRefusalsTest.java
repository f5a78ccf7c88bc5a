package org.web4.rtt.resume;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttEndpoint;

/**
 * What a 1.1 responder refuses (docs/drafts/rtt-resume.md §4.2, ADR 1416), between two reference
 * endpoints over loopback sockets.
 */
class ResumeRefusalsTest extends ResumeFixture {

  /**
   * [RTT-RES-004] only the session dialer resumes: a request naming a session the responder dialled
   * itself, with a binder under that session's key, is answered RESUME_UNKNOWN (R1). Alice presents
   * the id of a session Bob dialled to her (a test hook: her suspended session's ids replaced).
   */
  @Test
  void aSessionTheResponderDialledIsNotResumedByItsPeer() throws Exception {
    InetSocketAddress aliceAddress =
        alice.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    RttConnection bobDialled =
        bob.dial(aliceAddress, Optional.of(aliceKey.publicKey().fingerprint()));
    RttConnection aliceAnswered = newConnection(alice, Set.of());
    // a connection is listed a moment before its session takes it over (SessionTable.attach)
    await(() -> !alice.sessions().sessions().isEmpty());
    List<SessionKeys> bobsSession = alice.sessions().sessions().get(0).ids();
    bobDialled.close();
    assertThat(aliceAnswered.awaitClosed(WAIT)).isTrue();

    RttConnection[] c = connect();
    cut(c);
    alice.sessions().suspendedDialerSession(bobFp).orElseThrow().replaceIds(bobsSession);
    RttEndpoint.Resumed r = resume(c, Set.of(c[1]));

    assertThat(r.answer()).isEqualTo(new ResumeAnswer.Fresh(ResumeAnswer.FreshCode.RESUME_UNKNOWN));
  }

  /**
   * [RTT-RES-014] GOAWAY ends the session, with a tombstone: the responder answers a later request
   * naming it RESUME_EXPIRED (R3). Alice presents the ended session's id again (the test hook).
   */
  @Test
  void aSessionEndedByGoAwayIsAnsweredExpired() throws Exception {
    InetSocketAddress address =
        bob.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    RttConnection[] first = {alice.dial(address, Optional.of(bobFp)), newConnection(bob, Set.of())};
    await(() -> !alice.sessions().sessions().isEmpty());
    List<SessionKeys> ended = alice.sessions().sessions().get(0).ids();
    first[0].shutdown();
    assertThat(first[0].awaitClosed(WAIT)).isTrue();
    assertThat(first[1].awaitClosed(WAIT)).isTrue();
    await(() -> bob.sessions().hasTombstone(ended.get(0).id()));

    RttConnection dialled = alice.dial(address, Optional.of(bobFp));
    RttConnection[] c = {dialled, newConnection(bob, Set.of(first[1]))};
    cut(c);
    alice.sessions().suspendedDialerSession(bobFp).orElseThrow().replaceIds(ended);
    RttEndpoint.Resumed r = resume(c, Set.of(first[1], c[1]));

    assertThat(r.answer()).isEqualTo(new ResumeAnswer.Fresh(ResumeAnswer.FreshCode.RESUME_EXPIRED));
  }
}
