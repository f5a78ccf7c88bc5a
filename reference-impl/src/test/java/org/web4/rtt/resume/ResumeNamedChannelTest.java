package org.web4.rtt.resume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web4.rtt.session.ConnectionProbe;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttEndpoint;

/**
 * Named channels across a resume (docs/drafts/rtt-resume.md §4.1, §4.2, §15.4; ADR 1414): a channel
 * open on both sides when the connection ended is listed by the dialer, restored under its id and
 * name, and its messages arrive exactly once, in order, whichever side opened it.
 */
class ResumeNamedChannelTest extends ResumeFixture {
  @Test
  void aChannelTheDialerOpenedIsRestoredAndACutMessageArrivesOnce() throws Exception {
    RttConnection[] c = connect();
    Set<RttConnection> old = Set.of(c[1]);
    int id = c[0].openChannel("app", WAIT);
    c[0].send(id, message(0, 700_000));
    c[0].send(id, message(1, 700_000));
    await(() -> ConnectionProbe.unfinishedBytes(c[1]) > 0); // bob holds part of message 1
    RttConnection bobOld = c[1];
    cut(c);
    RttEndpoint.Resumed r = resume(c, old);
    assertThat(((ResumeAnswer.Resumed) r.answer()).channels())
        .contains(new ChannelCount(id, "app", 1));
    c[0].send(id, message(2, 10)); // after the resume: after the rest
    assertThat(take(id, 3, bobOld, c[1])).isEqualTo(range(0, 3));
  }

  @Test
  void aChannelTheListenerOpenedIsRestoredAndItsRetainedMessagesArriveOnce() throws Exception {
    RttConnection[] c = connect();
    Set<RttConnection> old = Set.of(c[1]);
    int id = c[1].openChannel("iut-sends", WAIT);
    c[1].send(id, message(0, 700_000));
    c[1].send(id, message(1, 700_000));
    await(() -> ConnectionProbe.unfinishedBytes(c[0]) > 0);
    RttConnection aliceOld = c[0];
    cut(c);
    resume(c, old);
    assertThat(c[0].openChannelId("iut-sends")).contains(id);
    assertThat(c[1].openChannelId("iut-sends")).contains(id);
    c[1].send(id, message(2, 0));
    assertThat(take(id, 3, aliceOld, c[0])).isEqualTo(range(0, 3));
    // a channel opened after the resume gets an id the restored one does not hold
    assertThat(c[1].openChannel("later", Duration.ofSeconds(10))).isNotEqualTo(id);
  }
}
