package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.FrameType;

/**
 * [RTT-LIM-008, RTT-LIM-009] a peer that stops reading (spec/rtt.md §7, docs/adr/1207). Harness
 * {@code mesh/send} gives the implementation more to send on {@code knowledge} than the loopback
 * buffers hold; the peer reads the first window, stops reading its socket, and grants CREDIT as the
 * implementation's send queue (HAR-RTT-003) shows the window used, never more than a window
 * (RTT-FLOW-003), until every byte is in a DATA frame. The implementation's writes then stall: the
 * rest waits in its own buffers. The peer reads again only when a step says so.
 */
public final class NeverReadingPeerSteps {
  private static final int KNOWLEDGE = ChannelNames.STANDARD.indexOf("knowledge");

  /** A bound on each wait for the implementation: generous, it is never waited out on success. */
  private static final Duration GUARD = Duration.ofSeconds(60);

  /** How long the implementation's timers may take to act on a clock move (a bound, not a wait). */
  private static final Duration REFUSAL = Duration.ofSeconds(15);

  /**
   * How long the first clock move is given before the clock moves again: when the writer made its
   * last progress just after the first move, no wait helps, and waiting the whole {@link #REFUSAL}
   * for it cost 15 s in 2 of 5 quiet runs against the reference. An implementation slower than this
   * to act gets the second move and the whole bound, as one whose writer moved late does.
   */
  private static final Duration FIRST_LOOK = Duration.ofSeconds(3);

  /** How long a send queue that no longer moves is watched before the writes count as stalled. */
  private static final Duration SETTLED = Duration.ofSeconds(1);

  /** The clock move that puts a stalled write over the 30 s of RTT-LIM-008. */
  private static final int STALL_SECONDS = 31;

  private final World world;
  private final Peers peers;
  private final SendQueueSteps sendQueue;
  private int asked;

  /** Messages received whole on {@code knowledge} since the implementation was asked to send. */
  private int whole;

  public NeverReadingPeerSteps(World world, Peers peers, SendQueueSteps sendQueue) {
    this.world = world;
    this.peers = peers;
    this.sendQueue = sendQueue;
  }

  @When(
      "peer {string} stops reading while the implementation sends it {int} FACT_PROPOSEs of about {int} bytes through the mesh")
  public void stopReading(String peer, int count, int bytes) throws Exception {
    TesterPeer rtt = peers.cip(peer).rtt();
    sendQueue.withhold(peer); // the window on knowledge is a full 1,048,576 bytes
    sendQueue.send(count, bytes, peer);
    asked = count;
    long received = 0;
    while (received < RttLimits.WINDOW) {
      TesterPeer.Received r = rtt.next(GUARD);
      RawFrame f = r.frame();
      if (f == null) {
        throw world.failure(
            RttLimits.WINDOW + " bytes of DATA on knowledge (the window); got " + r.detail());
      }
      if (f.is(FrameType.DATA) && f.channel() == KNOWLEDGE) {
        received += f.body().length;
        whole += r.message() != null ? 1 : 0;
      }
    }
    rtt.readGate().shut();
    // The window is used up: what the queue holds now leaves only as the peer grants it.
    long atStall = queueBytes(peer);
    if (atStall == 0 && whole < asked) {
      // The window holds the rest back, so the queue holds it (HAR-RTT-003, which
      // features/rtt/send_queue.feature checks): without that count the fill cannot be measured.
      throw new NotApplicableHere(
          "harness rtt/connections reports an empty send queue while the window holds back "
              + (asked - whole)
              + " of the "
              + asked
              + " FACT_PROPOSEs (HAR-RTT-003): the peer cannot tell how much credit it may grant");
    }
    long granted = 0;
    long deadline = System.nanoTime() + GUARD.toNanos();
    long unchangedSince = System.nanoTime();
    long lastLeft = -1;
    Backoff backoff = new Backoff();
    while (true) {
      long left = queueBytes(peer);
      long window = granted - (atStall - left); // at most what the implementation may still send
      if (window >= left) {
        return; // the window lets out every byte still queued: the transport holds the rest up
      }
      long grant = Math.min(RttLimits.WINDOW - window, left - window); // RTT-FLOW-003
      if (grant >= Math.min(RttLimits.WINDOW / 2, left - window)) {
        byte[] body = ByteBuffer.allocate(4).putInt((int) grant).array();
        rtt.sendFrame(FrameType.CREDIT, 0, KNOWLEDGE, body);
        granted += grant;
        continue;
      }
      if (left != lastLeft) {
        lastLeft = left;
        unchangedSince = System.nanoTime();
      } else if (System.nanoTime() - unchangedSince > SETTLED.toNanos()) {
        // An implementation that makes DATA frames only as its transport takes them: the queue
        // stopped moving because the transport takes nothing more. Had it not stopped yet, the
        // stall step moves the clock a second time.
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw world.failure(
            "the implementation's send queue to stop moving within "
                + GUARD.toSeconds()
                + " s as the peer granted credit and read nothing (HAR-RTT-003); it holds "
                + left
                + " bytes");
      }
      backoff.pause();
    }
  }

  /**
   * [RTT-LIM-008] the clock moves 31 s: the writes stalled before it, so the implementation refuses
   * the connection (harness {@code rtt/connections} no longer lists it open). Its writer may have
   * made its last progress just after the move, or its timers may not act within {@link
   * #FIRST_LOOK}: then the clock moves 31 s more, and the implementation has {@link #REFUSAL}.
   * While it waits the peer sends a PING now and then (the implementation reads it, whatever it
   * cannot write), so that the 45 s of silence of RTT-HB-003, which the clock reaches in real time
   * after the move, are not what ends the connection.
   */
  @When("the implementation's clock advances while its writes to {string} stall")
  public void stall(String peer) throws Exception {
    world.resetAtEnd();
    world.record(world.harness().advanceClock(STALL_SECONDS));
    if (refusedWithin(peer, FIRST_LOOK)) {
      return;
    }
    world.record(world.harness().advanceClock(STALL_SECONDS));
    var unused = refusedWithin(peer, REFUSAL);
  }

  /**
   * Whether rtt/connections stops listing the connection open within {@code bound}; the peer sends
   * a PING before each look (its PONGs wait behind the stalled bytes).
   */
  private boolean refusedWithin(String peer, Duration bound) throws Exception {
    TesterPeer rtt = peers.cip(peer).rtt();
    long deadline = System.nanoTime() + bound.toNanos();
    Backoff backoff = new Backoff();
    long ping = 0;
    while (System.nanoTime() - deadline < 0) {
      rtt.sendFrame(FrameType.PING, 0, 0, ByteBuffer.allocate(8).putLong(++ping).array());
      if (!"open".equals(connectionState(peer))) {
        return true;
      }
      backoff.pause();
    }
    return false;
  }

  @Then("the implementation no longer serves its connection to {string}")
  public void refused(String peer) throws Exception {
    String state = connectionState(peer);
    if ("open".equals(state)) {
      throw world.failure(
          "the connection refused with TIMEOUT once its transport took none of the waiting bytes"
              + " for 30 s of the implementation's clock [RTT-LIM-008]; rtt/connections still"
              + " lists it open, "
              + (2 * STALL_SECONDS)
              + " s of its clock later");
    }
    peers.ended(peer);
  }

  /** [RTT-LIM-008] once the peer reads again, the end comes; a cut last message is allowed. */
  @Then("peer {string}, reading again, sees the connection end after at most a closing TIMEOUT")
  public void endsAfterTimeout(String peer) throws Exception {
    TesterPeer rtt = peers.cip(peer).rtt();
    rtt.readGate().open();
    while (true) {
      TesterPeer.Received r = rtt.next(GUARD);
      RawFrame f = r.frame();
      if (r.kind() == TesterPeer.Received.Kind.CLOSED) {
        return;
      }
      if (f == null) {
        throw world.failure(
            "the end of the connection refused for its stalled writes [RTT-LIM-008]; got "
                + r.detail());
      }
      if (f.is(FrameType.ERROR) && (f.flags() & 1) != 0) {
        Optional<ErrorBody> error = ErrorBody.decode(f.body());
        if (error.isEmpty()
            || !"TIMEOUT".equals(error.get().code())
            || error.get().frame() != null) {
          throw world.failure(
              "a closing ERROR TIMEOUT naming no frame [RTT-LIM-008]; got " + f.describe());
        }
      }
    }
  }

  /** The peer sends GOAWAY; the implementation begins to close (rtt/connections: not open). */
  @When("peer {string} sends GOAWAY and the implementation begins to close the connection")
  public void goAway(String peer) throws Exception {
    peers.cip(peer).rtt().sendFrame(FrameType.GOAWAY, 0, 0, new byte[4]);
    peers.ended(peer);
    Poll.untilHolds(
        GUARD,
        () -> !"open".equals(connectionState(peer)),
        () -> world.failure("rtt/connections to list the connection closing after the GOAWAY"));
  }

  /**
   * [RTT-LIM-009] the peer reads again well within 30 s of the implementation's clock: every
   * message arrives whole, then the implementation's GOAWAY, then the end; a transport message cut
   * by the close fails.
   */
  @Then(
      "peer {string}, reading again, receives every transport message whole, then a GOAWAY, then the end of the connection")
  public void everythingThenEnd(String peer) throws Exception {
    TesterPeer rtt = peers.cip(peer).rtt();
    rtt.readGate().open();
    boolean goAway = false;
    while (true) {
      TesterPeer.Received r = rtt.next(GUARD);
      RawFrame f = r.frame();
      if (TesterPeer.cut(r)) {
        throw world.failure(
            "every transport message whole while the peer reads [RTT-LIM-009]; the connection"
                + " ended inside one, after "
                + whole
                + " of "
                + asked
                + " messages");
      }
      if (r.kind() == TesterPeer.Received.Kind.CLOSED) {
        if (!goAway) {
          throw world.failure(
              "the implementation's GOAWAY, written after what it produced before, before the end"
                  + " [RTT-LIM-009]; got "
                  + whole
                  + " of "
                  + asked
                  + " messages whole, then "
                  + r.detail());
        }
        return;
      }
      if (f == null) {
        throw world.failure(
            "the rest of the messages, a GOAWAY and the end within "
                + GUARD.toSeconds()
                + " s [RTT-LIM-009]; got "
                + r.detail()
                + " after "
                + whole
                + " messages");
      }
      if (f.is(FrameType.DATA) && f.channel() == KNOWLEDGE && r.message() != null) {
        whole++;
      } else if (f.is(FrameType.GOAWAY)) {
        goAway = true;
      }
    }
  }

  private long queueBytes(String peer) throws Exception {
    return sendQueue(peer).path("bytes").asLong();
  }

  private JsonNode sendQueue(String peer) throws Exception {
    JsonNode c = connection(peer).orElse(null);
    if (c == null || !c.path("send_queue").isObject()) {
      throw world.failure("rtt/connections to list the connection with " + peer + " and its queue");
    }
    return c.path("send_queue");
  }

  /** The connection's {@code state}, or "ended" when rtt/connections no longer lists it. */
  private String connectionState(String peer) throws Exception {
    return connection(peer).map(c -> c.path("state").asText()).orElse("ended");
  }

  private Optional<JsonNode> connection(String peer) throws Exception {
    String fp = peers.cip(peer).fingerprint();
    Exchange ex = world.harness().rttConnections();
    world.record(ex);
    for (JsonNode c : ex.reply().path("connections")) {
      if (fp.equals(c.path("peer_fingerprint").asText())) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
