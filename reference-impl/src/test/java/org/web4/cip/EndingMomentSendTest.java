package org.web4.cip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.crypto.AgentKeyPair;
import org.web4.harness.HarnessBackend;
import org.web4.rtt.RttEvent;
import org.web4.rtt.resume.ResumeAnswer;
import org.web4.rtt.resume.Session;
import org.web4.rtt.session.ConnectionProbe;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttEndpoint;
import org.web4.testing.Await;

/**
 * docs/adr/1418: a message sent in the moment a resumable connection has ended abruptly but has not
 * yet told its RTT session (the connection CLOSED, the session still CONNECTED on it) is retained
 * by the session and arrives exactly once after the resume — for every protocol, since the rule
 * sits on the one send path they share ({@code LocalChannels.send}). The send is put in that moment
 * deterministically: {@link ConnectionProbe#endAbruptlyRunningInTheMoment} runs it inside the
 * connection's close, on its event loop, between the two. With the rule removed (a bug planted
 * through {@code SessionTable.removeEndingMomentRule}) the same send is lost: the test shows the
 * window is real, not only that the rule is harmless.
 *
 * <p>Two reference agents over loopback, resume on; alice dials bob. Every wait is a bounded poll
 * of state; the barrier that a lost message will not come is a later message on the same channel,
 * which a resume sends after everything retained before it [RTT-RES-008].
 */
class EndingMomentSendTest {
  private static final Duration WAIT = Duration.ofSeconds(60); // a guard: CI is a loaded 2-core box

  private final SecureRandom random = new SecureRandom();
  private final List<RttEvent> bobEvents = new CopyOnWriteArrayList<>();
  private final AgentKeyPair bobKey = AgentKeyPair.generate(random);
  private final String bobFp = bobKey.publicKey().fingerprint();
  private ReferenceAgent alice;
  private ReferenceAgent bob;
  private RttConnection aliceConnection;

  /** What the send in the moment saw: the connection's state and its session's, or a failure. */
  private final List<String> seenInTheMoment = new ArrayList<>();

  private final AtomicReference<Throwable> failedInTheMoment = new AtomicReference<>();

  @BeforeEach
  void connect() throws Exception {
    alice = agent("alice", AgentKeyPair.generate(random), new CopyOnWriteArrayList<>());
    bob = agent("bob", bobKey, bobEvents);
    InetSocketAddress address =
        bob.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    aliceConnection = alice.endpoint().dial(address, Optional.of(bobFp));
    await(() -> alice.cip().established(aliceConnection));
    await(() -> bob.endpoint().connections().size() == 1);
    await(() -> bob.cip().established(bob.endpoint().connections().iterator().next()));
  }

  @AfterEach
  void close() {
    alice.close();
    bob.close();
  }

  // ------------------------------------------------------------------------------------ CIP

  @Test
  void aCipEnvelopeSentInTheMomentArrivesOnceAfterTheResume() throws Exception {
    RttConnection old = aliceConnection;
    String inTheMoment = endSending(() -> alice.cip().proposeFact(old, "in the moment", "test"));
    String after = resumeThenProposeFact();
    await(() -> bobKnows(after));
    assertThat(bobKnows(inTheMoment)).isTrue();
    assertThat(accepted("FACT_PROPOSE")).isEqualTo(2); // once each
    assertThat(kinds("cip.refused")).isZero(); // nothing came twice (REPLAY)
  }

  @Test
  void withoutTheRuleTheCipEnvelopeIsLost() throws Exception {
    alice.endpoint().sessions().removeEndingMomentRule();
    RttConnection old = aliceConnection;
    String inTheMoment = endSending(() -> alice.cip().proposeFact(old, "in the moment", "test"));
    String after = resumeThenProposeFact();
    await(() -> bobKnows(after)); // sent after it on the same channel: it will not come
    assertThat(bobKnows(inTheMoment)).isFalse();
    assertThat(accepted("FACT_PROPOSE")).isEqualTo(1);
  }

  private String resumeThenProposeFact() throws Exception {
    RttEndpoint.Resumed r = resume();
    return alice.cip().proposeFact(r.connection(), "after the resume", "test");
  }

  private boolean bobKnows(String factId) {
    return bob.cip().knowledge().all().stream().anyMatch(f -> f.id().equals(factId));
  }

  // ------------------------------------------------------------------------------------ HCP

  @Test
  void anHcpActionSentInTheMomentArrivesOnceAfterTheResume() throws Exception {
    openHcp();
    String inTheMoment = endSending(this::intent);
    String after = resumeThenIntent();
    await(() -> inbox().contains(after));
    assertThat(inbox()).containsExactly(inTheMoment, after); // once each, in order
    assertThat(kinds("hcp.action.refused")).isZero();
  }

  @Test
  void withoutTheRuleTheHcpActionIsLost() throws Exception {
    openHcp();
    alice.endpoint().sessions().removeEndingMomentRule();
    endSending(this::intent);
    String after = resumeThenIntent();
    await(() -> inbox().contains(after));
    assertThat(inbox()).containsExactly(after);
  }

  private void openHcp() {
    alice.hcp().open(aliceConnection);
    await(() -> alice.hcp().isOpen(aliceConnection));
    await(() -> bob.hcp().sessions().path("sessions").size() == 1);
  }

  /** An HCP_INTENT from alice's human to bob's, on alice's HCP session with bob; its msg_id. */
  private String intent() {
    JsonNode action = alice.hcp().humanIntent(bobFp, "align", "topic:work", "normal");
    assertThat(action.path("status").asText()).isEqualTo("sent");
    return action.path("msg_id").asText();
  }

  private String resumeThenIntent() throws Exception {
    resume();
    // alice's HCP session still names the old connection: the send goes to the session's new one
    return intent();
  }

  /** The msg_ids of the actions delivered to bob's human, oldest first. */
  private List<String> inbox() {
    List<String> ids = new ArrayList<>();
    for (JsonNode s : bob.hcp().sessions().path("sessions")) {
      s.path("inbox").forEach(d -> ids.add(d.path("msg_id").asText()));
    }
    return ids;
  }

  // ------------------------------------------------------------------------------------ shared

  /**
   * Ends alice's connection abruptly with {@code send} run in the moment (the connection CLOSED,
   * its session still CONNECTED on it), waits until both sides have suspended the session, and
   * returns what {@code send} returned.
   */
  private String endSending(Supplier<String> send) throws Exception {
    RttConnection old = aliceConnection;
    Session session = (Session) old.session().orElseThrow();
    AtomicReference<String> sent = new AtomicReference<>();
    ConnectionProbe.endAbruptlyRunningInTheMoment(
        old,
        () -> {
          try {
            seenInTheMoment.add(old.state() + "/" + session.state());
            sent.set(send.get());
          } catch (Throwable t) {
            failedInTheMoment.set(t);
          }
        });
    assertThat(old.awaitClosed(WAIT)).isTrue();
    await(() -> alice.endpoint().sessions().suspendedDialerSession(bobFp).isPresent());
    await(() -> bob.endpoint().connections().isEmpty());
    assertThat(failedInTheMoment.get()).isNull();
    assertThat(seenInTheMoment).containsExactly("CLOSED/CONNECTED"); // the window, and only once
    return java.util.Objects.requireNonNull(sent.get());
  }

  private RttEndpoint.Resumed resume() throws Exception {
    RttEndpoint.Resumed r = alice.endpoint().resume(bobFp);
    assertThat(r.answer()).isInstanceOf(ResumeAnswer.Resumed.class);
    aliceConnection = r.connection();
    await(() -> alice.cip().holdsSession(r.connection()));
    return r;
  }

  private long accepted(String type) {
    return bobEvents.stream()
        .filter(e -> e.kind().equals("envelope.accepted"))
        .filter(e -> type.equals(e.attributes().get("type")))
        .count();
  }

  private long kinds(String kind) {
    return bobEvents.stream().filter(e -> e.kind().equals(kind)).count();
  }

  private ReferenceAgent agent(String name, AgentKeyPair key, List<RttEvent> events) {
    ReferenceAgent a =
        new ReferenceAgent(
            new HarnessBackend.Implementation("web4-reference", "test"),
            name,
            key,
            new AdjustableClock(Clock.systemUTC()),
            random,
            events::add,
            Set.of());
    a.endpoint().enableResume(true);
    return a;
  }

  private static void await(BooleanSupplier condition) {
    Await.until("the condition", WAIT, condition);
  }
}
