package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.FrameType;

/**
 * [HAR-RTT-003] the send queue harness {@code rtt/connections} reports: a peer withholds CREDIT on
 * {@code knowledge} while {@code mesh/send} makes the implementation send it more than a window of
 * FACT_PROPOSEs; once the peer has received every byte the window allows, the queue is what it has
 * not received (messages without their FIN, their missing bytes); once it has granted credit and
 * received everything, the queue is empty. The peer reads its connection frame by frame here and
 * grants nothing that these steps do not grant.
 */
public final class SendQueueSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int KNOWLEDGE = ChannelNames.STANDARD.indexOf("knowledge");

  /** Items of a FACT_PROPOSE's {@code sources} and {@code causal_links} (the schema's most). */
  private static final int LIST_ITEMS = 64;

  /** How long the peer waits for the bytes the window lets out. */
  private static final Duration WINDOW_BYTES = Duration.ofSeconds(20);

  private final World world;
  private final Peers peers;
  private final Mesh mesh;

  /** The sizes of the messages received whole on {@code knowledge}, in order. */
  private final List<Integer> received = new ArrayList<>();

  /** Bytes of DATA bodies received on {@code knowledge} since the peer withheld credit. */
  private long receivedBytes;

  private int asked;
  private long bytesWhenStalled;
  private int wholeWhenStalled;
  private @Nullable JsonNode stalledQueue;

  public SendQueueSteps(World world, Peers peers, Mesh mesh) {
    this.world = world;
    this.peers = peers;
    this.mesh = mesh;
  }

  /**
   * After a PING barrier — the implementation has then taken every CREDIT the peer granted before
   * it (RTT-FR-006), so its window on {@code knowledge} is a full 1,048,576 bytes (rtt.md §6) — the
   * peer grants no credit until a step says so.
   */
  @Given("peer {string} withholds credit from now on")
  public void withhold(String peer) throws Exception {
    if (!peers.cip(peer).barrier(Peers.ANSWER)) {
      throw world.failure("the PONG of a PING barrier to peer " + peer);
    }
  }

  /** [HAR-MESH-002] each answered {@code sent} once the envelope is accepted for sending. */
  @When(
      "the implementation is asked to send {int} FACT_PROPOSEs of about {int} bytes through the mesh to {string}")
  public void send(int count, int bytes, String peer) throws Exception {
    world.resetAtEnd();
    int item = Math.max(1, bytes / (2 * LIST_ITEMS));
    for (int i = 1; i <= count; i++) {
      ObjectNode payload = mesh.samplePayload("FACT_PROPOSE", "queued " + i);
      fill((ArrayNode) payload.path("fact").path("sources"), "s", item);
      fill(payload.putArray("causal_links"), "c", item);
      ObjectNode req = NODES.objectNode();
      req.put("destination", mesh.fingerprint(peer));
      req.put("type", "FACT_PROPOSE");
      req.set("payload", payload);
      Exchange ex = world.harness().meshSend(req);
      world.record(ex);
      if (!ex.reply().path("result").asText().equals("sent")) {
        throw world.failure("mesh/send of FACT_PROPOSE " + i + " answered sent; got " + ex.reply());
      }
    }
    asked = count;
  }

  @Then("peer {string} receives on channel knowledge every byte the window lets out")
  public void receiveWindow(String peer) throws Exception {
    TesterPeer rtt = peers.cip(peer).rtt();
    long deadline = System.nanoTime() + WINDOW_BYTES.toNanos();
    while (receivedBytes < RttLimits.WINDOW) {
      if (!readOne(rtt, deadline)) {
        throw world.failure(
            RttLimits.WINDOW
                + " bytes of DATA on knowledge within "
                + WINDOW_BYTES.toSeconds()
                + " s, the window the peer granted; got "
                + receivedBytes);
      }
    }
    bytesWhenStalled = receivedBytes;
    wholeWhenStalled = received.size();
  }

  /** [HAR-RTT-003] read while the window holds back the rest; checked once the rest is known. */
  @Then("the implementation reports its send queue to {string}")
  public void snapshot(String peer) throws Exception {
    stalledQueue = sendQueue(peer);
  }

  /** Grants back every byte received on {@code knowledge} (at most a window: RTT-FLOW-003). */
  @When("peer {string} grants credit for what it received on channel knowledge")
  public void grant(String peer) throws Exception {
    byte[] body = ByteBuffer.allocate(4).putInt((int) receivedBytes).array();
    peers.cip(peer).rtt().sendFrame(FrameType.CREDIT, 0, KNOWLEDGE, body);
  }

  @Then("peer {string} receives every one of those messages whole")
  public void receiveAll(String peer) throws Exception {
    TesterPeer rtt = peers.cip(peer).rtt();
    long deadline = System.nanoTime() + WINDOW_BYTES.toNanos();
    while (received.size() < asked) {
      if (!readOne(rtt, deadline)) {
        throw world.failure(
            asked + " messages on knowledge once credit was granted; got " + received.size());
      }
    }
  }

  /**
   * [HAR-RTT-003] what was reported while the window held the rest back: the messages the peer had
   * not received whole, and every byte of theirs it had not received.
   */
  @Then("the send queue the implementation reported was every byte the peer had not received")
  public void stalledQueueWasTheRest() {
    long total = received.stream().mapToLong(Integer::longValue).sum();
    int messages = asked - wholeWhenStalled;
    long bytes = total - bytesWhenStalled;
    if (messages < 2) {
      throw new IllegalStateException(
          "the scenario must leave two messages or more held back; it left " + messages);
    }
    expectQueue(stalledQueue, messages, bytes, "while the window held back the rest");
  }

  @Then("the implementation reports an empty send queue to {string}")
  public void emptyQueue(String peer) throws Exception {
    expectQueue(sendQueue(peer), 0, 0, "once the peer had received every message");
  }

  private void expectQueue(@Nullable JsonNode queue, int messages, long bytes, String when) {
    if (queue == null
        || !queue.path("messages").isIntegralNumber()
        || !queue.path("bytes").isIntegralNumber()
        || queue.path("messages").asLong() != messages
        || queue.path("bytes").asLong() != bytes) {
      throw world.failure(
          "send_queue {\"messages\":"
              + messages
              + ",\"bytes\":"
              + bytes
              + "} "
              + when
              + " (HAR-RTT-003; the peer received "
              + received
              + " bytes whole, "
              + bytesWhenStalled
              + " bytes before it granted credit); got "
              + queue);
    }
  }

  /** The {@code send_queue} of the implementation's connection with the peer. */
  private @Nullable JsonNode sendQueue(String peer) throws Exception {
    String fp = peers.cip(peer).fingerprint();
    Exchange ex = world.harness().rttConnections();
    world.record(ex);
    for (JsonNode c : ex.reply().path("connections")) {
      if (fp.equals(c.path("peer_fingerprint").asText())) {
        return c.get("send_queue");
      }
    }
    throw world.failure(
        "rtt/connections to list the connection with peer " + peer + " (" + fp + ")");
  }

  /**
   * Reads one frame: counts DATA on {@code knowledge} (a FIN completes a message), answers PINGs
   * (RTT-HB-002) and leaves the rest. False when nothing came before {@code deadline}.
   */
  private boolean readOne(TesterPeer rtt, long deadline) throws Exception {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      return false;
    }
    TesterPeer.Received r = rtt.next(Duration.ofMillis(left));
    RawFrame f = r.frame();
    if (f == null) {
      if (r.kind() == TesterPeer.Received.Kind.TIMEOUT) {
        return false;
      }
      throw world.failure("the connection to stay open; got " + r.kind() + " (" + r.detail() + ")");
    }
    if (f.is(FrameType.PING)) {
      rtt.sendFrame(FrameType.PONG, 0, 0, f.body());
    } else if (f.is(FrameType.DATA) && f.channel() == KNOWLEDGE) {
      receivedBytes += f.body().length;
      byte[] message = r.message();
      if (message != null) {
        received.add(message.length);
      }
    }
    return true;
  }

  private static void fill(ArrayNode list, String mark, int length) {
    for (int i = 0; i < LIST_ITEMS; i++) {
      list.add(mark + Integer.toString(i) + "x".repeat(length - 3));
    }
  }
}
