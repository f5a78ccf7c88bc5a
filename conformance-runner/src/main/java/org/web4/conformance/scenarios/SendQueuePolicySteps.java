package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.frame.FrameType;

/**
 * The send-queue policies of spec/rtt.md §9.1 (RTT-BP-001 … RTT-BP-004), set through harness {@code
 * rtt/send_queue} (HAR-RTT-004) and observed on the wire, in the counters of {@code
 * rtt/connections} (HAR-RTT-005) and in the events (EVT-RTT-003). The messages are the
 * FACT_PROPOSEs of {@link SendQueueSteps} (its "withholds credit" and "is asked to send" steps fill
 * the queue); each carries its number in its statement ({@code "statement queued N"}), so the peer
 * tells which ones arrived. The peer then reads with its window open — it grants back every DATA
 * body at once — and ends with PING barriers until one passes with no DATA before its PONG: the
 * implementation has then sent every message it still had (RTT-FR-006), and no timing is involved.
 */
public final class SendQueuePolicySteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int KNOWLEDGE = ChannelNames.STANDARD.indexOf("knowledge");
  private static final Pattern NUMBER = Pattern.compile("statement queued ([0-9]+)\"");

  /** How long the peer waits for each frame before it counts the implementation stalled. */
  private static final Duration FRAME = Duration.ofSeconds(20);

  private final World world;
  private final Peers peers;
  private final Events events;

  public SendQueuePolicySteps(World world, Peers peers, Events events) {
    this.world = world;
    this.peers = peers;
    this.events = events;
  }

  /** [HAR-RTT-004] the policy of every connection from now on; the scenario's reset restores it. */
  @Given(
      "the implementation's send queue policy is {string} with at most {int} messages, {int} bytes and a block timeout of {int} ms")
  public void policy(String policy, int messages, int bytes, int blockMillis) throws Exception {
    world.resetAtEnd();
    events.markNow();
    ObjectNode req = NODES.objectNode();
    req.put("policy", policy);
    req.put("max_messages", messages);
    req.put("max_bytes", bytes);
    req.put("block_timeout_ms", blockMillis);
    Exchange ex = world.harness().rttSendQueue(req);
    world.record(ex);
    if (!ex.reply().equals(req)) {
      throw world.failure(
          "rtt/send_queue to answer the policy it applies, " + req + "; got " + ex.reply());
    }
  }

  /** [RTT-BP-001 … RTT-BP-004] which messages arrived, in order, each whole. */
  @Then("peer {string}, its window open, receives on channel knowledge FACT_PROPOSEs {string}")
  public void receives(String peer, String expected) throws Exception {
    List<Integer> want = Arrays.stream(expected.split(",\\s*")).map(Integer::valueOf).toList();
    List<Integer> got = readEverything(peers.cip(peer).rtt());
    if (!got.equals(want)) {
      throw world.failure(
          "the FACT_PROPOSEs numbered "
              + want
              + " on knowledge, whole and in that order, the policy having kept exactly those;"
              + " got "
              + got);
    }
  }

  /** [HAR-RTT-005] the counters of the connection with the peer. */
  @Then(
      "the implementation reports for {string} a send queue with {int} dropped, {int} refused and {int} blocked")
  public void counters(String peer, int dropped, int refused, int blocked) throws Exception {
    JsonNode queue = sendQueue(peer);
    if (!count(queue, "dropped", dropped)
        || !count(queue, "refused", refused)
        || !count(queue, "blocked", blocked)) {
      throw world.failure(
          "send_queue with dropped "
              + dropped
              + ", refused "
              + refused
              + " and blocked "
              + blocked
              + " (HAR-RTT-005); got "
              + queue);
    }
  }

  /** [EVT-RTT-003] exactly so many events of the kind, for the peer, on channel knowledge. */
  @Then("the implementation reported {int} {word} events for {string} on channel knowledge")
  public void reported(int count, String kind, String peer) throws Exception {
    String fp = peers.cip(peer).fingerprint();
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode e : events.sinceMark()) {
      if (kind.equals(e.path("kind").asText()) && fp.equals(e.path("peer").asText())) {
        found.add(e);
      }
    }
    boolean onKnowledge =
        found.stream()
            .allMatch(e -> "knowledge".equals(e.path("attributes").path("channel").asText()));
    if (found.size() != count || !onKnowledge) {
      throw world.failure(
          count
              + " "
              + kind
              + " events for peer "
              + peer
              + " with channel knowledge; got "
              + found);
    }
  }

  /**
   * Reads the implementation's frames, granting back every DATA body on {@code knowledge} at once
   * and answering PINGs, until a PING barrier passes with no DATA before its PONG.
   */
  private List<Integer> readEverything(TesterPeer rtt) throws Exception {
    List<Integer> numbers = new ArrayList<>();
    long barrier = 0;
    while (true) {
      byte[] opaque = ByteBuffer.allocate(8).putLong(0x5eed_0000L + ++barrier).array();
      rtt.sendFrame(FrameType.PING, 0, 0, opaque);
      int data = 0;
      while (true) {
        TesterPeer.Received r = rtt.next(FRAME);
        RawFrame f = r.frame();
        if (f == null) {
          throw world.failure(
              "the connection to stay open and answer PING "
                  + barrier
                  + "; got "
                  + r.kind()
                  + " ("
                  + r.detail()
                  + ")");
        }
        if (f.is(FrameType.PONG) && Arrays.equals(f.body(), opaque)) {
          break;
        }
        if (f.is(FrameType.PING)) {
          rtt.sendFrame(FrameType.PONG, 0, 0, f.body());
        } else if (f.is(FrameType.DATA) && f.channel() == KNOWLEDGE) {
          data++;
          if (f.body().length > 0) {
            byte[] credit = ByteBuffer.allocate(4).putInt(f.body().length).array();
            rtt.sendFrame(FrameType.CREDIT, 0, KNOWLEDGE, credit);
          }
          byte[] message = r.message();
          if (message != null) {
            numbers.add(numberOf(message));
          }
        }
      }
      if (data == 0) {
        return numbers;
      }
    }
  }

  private static int numberOf(byte[] message) {
    Matcher m = NUMBER.matcher(new String(message, StandardCharsets.UTF_8));
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static boolean count(JsonNode queue, String member, long expected) {
    return queue.path(member).isIntegralNumber() && queue.path(member).asLong() == expected;
  }

  private JsonNode sendQueue(String peer) throws Exception {
    String fp = peers.cip(peer).fingerprint();
    Exchange ex = world.harness().rttConnections();
    world.record(ex);
    for (JsonNode c : ex.reply().path("connections")) {
      if (fp.equals(c.path("peer_fingerprint").asText())) {
        return c.path("send_queue");
      }
    }
    throw world.failure(
        "rtt/connections to list the connection with peer " + peer + " (" + fp + ")");
  }
}
