package org.web4.conformance.rtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.FrameType;

/**
 * What the implementation sent on one connection, as the protocols see it: its messages (parsed as
 * JSON, or kept as text when they are not), its ERRORs and its PONGs, each with its arrival order
 * and time. One per connection, shared by every protocol view of it ({@code CipPeer}, {@code
 * LipPeer}), so that each item is seen once whoever reads it.
 *
 * <p>Taking items from the connection, it behaves as a correct RTT receiver: it answers every PING
 * with a PONG (RTT-HB-002) and returns the credit of every complete non-empty message
 * (RTT-FLOW-002). Used by the step thread only.
 */
public final class PeerInbox {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * One thing the implementation sent.
   *
   * @param order 1 for the first item of the connection, then 2, 3, …
   * @param nanos when the receive loop read it ({@link System#nanoTime()})
   * @param channel the channel it came on
   * @param envelope a message, parsed; a JSON string of its text when it does not parse
   * @param error an ERROR's body, when it is as spec/rtt.md §4.3 defines it
   * @param pong a PONG's body, in hex
   */
  public record Arrival(
      long order,
      long nanos,
      int channel,
      @Nullable JsonNode envelope,
      @Nullable ErrorBody error,
      @Nullable String pong) {}

  private final TesterPeer rtt;
  private final List<Arrival> arrivals = new ArrayList<>();
  private final List<Boolean> taken = new ArrayList<>();
  private boolean ended;

  PeerInbox(TesterPeer rtt) {
    this.rtt = rtt;
  }

  /** Every item so far, taken or not, in arrival order. */
  public synchronized List<Arrival> all() {
    return List.copyOf(arrivals);
  }

  /** Whether a step has taken this item (by its order). */
  public synchronized boolean isTaken(Arrival a) {
    return taken.get((int) a.order() - 1);
  }

  /** Items no step has taken yet, in arrival order. */
  public synchronized List<Arrival> pending() {
    List<Arrival> out = new ArrayList<>();
    for (int i = 0; i < arrivals.size(); i++) {
      if (!taken.get(i)) {
        out.add(arrivals.get(i));
      }
    }
    return out;
  }

  /** Whether the connection has ended (FIN, reset or an unreadable message). */
  public synchronized boolean ended() {
    return ended;
  }

  /**
   * The first item not taken yet that {@code wanted} accepts, waiting up to {@code timeout} while
   * reading the connection; the item is then taken.
   */
  public synchronized Optional<Arrival> take(Predicate<Arrival> wanted, Duration timeout)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (int i = 0; i < arrivals.size(); i++) {
        if (!taken.get(i) && wanted.test(arrivals.get(i))) {
          taken.set(i, true);
          return Optional.of(arrivals.get(i));
        }
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0 || !pumpOne(Duration.ofMillis(left))) {
        return Optional.empty();
      }
    }
  }

  /** Sends a PING whose body is {@code opaque}. */
  public void ping(byte[] opaque) throws IOException {
    rtt.sendFrame(FrameType.PING, 0, 0, opaque);
  }

  /**
   * A PING barrier (RTT-FR-006): sends a PING and reads until its PONG, which is then taken; every
   * item the implementation sent before the PONG is then in {@link #all()}.
   */
  public Optional<Arrival> barrier(byte[] opaque, Duration timeout)
      throws IOException, InterruptedException {
    ping(opaque);
    return awaitPong(opaque, timeout);
  }

  /** Reads until the PONG answering {@code opaque}, and takes it. */
  public Optional<Arrival> awaitPong(byte[] opaque, Duration timeout)
      throws IOException, InterruptedException {
    String hex = HexFormat.of().formatHex(opaque);
    return take(a -> hex.equals(a.pong()), timeout);
  }

  /**
   * A delivery barrier (RTT-FLOW-002: a receiver grants a message's credit back once it has
   * delivered it): reads the connection until the tester's window on {@code channel} is full again,
   * i.e. the implementation has taken every message the tester sent on it.
   *
   * @param what what was sent, for the failure message
   * @return true when it has; false when the connection ended first (nothing more can be delivered;
   *     the next step sees the end)
   * @throws AssertionError naming {@code what} when the credit is not back within {@code timeout}
   */
  public synchronized boolean awaitDelivery(int channel, String what, Duration timeout)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (rtt.sendWindow(channel) < RttLimits.WINDOW) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (ended) {
        rtt.transcript().note("the connection ended before " + what + " was delivered");
        return false;
      }
      if (left <= 0) {
        throw new AssertionError(
            "expected the implementation to take "
                + what
                + " on channel "
                + channel
                + " and grant its credit back within "
                + timeout.toSeconds()
                + " s (RTT-FLOW-002); the tester's window is still "
                + rtt.sendWindow(channel)
                + " of "
                + RttLimits.WINDOW
                + " bytes"
                + Transcript.HEADING
                + rtt.transcript().render());
      }
      pumpOne(Duration.ofMillis(left));
    }
    return true;
  }

  /** Reads whatever comes until nothing has come for {@code quiet}. */
  public synchronized void drain(Duration quiet) throws InterruptedException, IOException {
    while (pumpOne(quiet)) {
      // keep reading
    }
  }

  /** Takes one thing from the connection; false when nothing came or the connection ended. */
  private boolean pumpOne(Duration timeout) throws InterruptedException, IOException {
    TesterPeer.Received r = rtt.next(timeout);
    if (r.kind() != TesterPeer.Received.Kind.FRAME) {
      // after an unreadable message the receive loop stops reading (RTT-FR-004)
      ended |=
          r.kind() == TesterPeer.Received.Kind.CLOSED
              || (r.kind() == TesterPeer.Received.Kind.UNREADABLE
                  && !r.detail().contains("shorter than a header"));
      return false;
    }
    RawFrame f = r.requireFrame();
    if (f.is(FrameType.PING)) {
      rtt.sendFrame(FrameType.PONG, 0, 0, f.body());
    } else if (f.is(FrameType.PONG)) {
      add(r.nanos(), f.channel(), null, null, HexFormat.of().formatHex(f.body()));
    } else if (f.is(FrameType.ERROR)) {
      Optional<ErrorBody> e = ErrorBody.decode(f.body());
      if (e.isPresent()) {
        add(r.nanos(), f.channel(), null, e.get(), null);
      }
    } else if (r.message() != null) {
      byte[] message = r.message();
      if (message.length > 0) {
        // RTT-FLOW-002: the message is delivered; a 0-byte one consumed no window
        rtt.sendFrame(FrameType.CREDIT, 0, f.channel(), uint32(message.length));
      }
      add(r.nanos(), f.channel(), parse(message), null, null);
    }
    return true;
  }

  private void add(
      long nanos,
      int channel,
      @Nullable JsonNode envelope,
      @Nullable ErrorBody error,
      @Nullable String pong) {
    arrivals.add(new Arrival(arrivals.size() + 1L, nanos, channel, envelope, error, pong));
    taken.add(false);
  }

  private static JsonNode parse(byte[] message) {
    try {
      return StrictJsonParser.withEnvelopeLimits().parse(message);
    } catch (JsonViolation e) {
      return NODES.textNode(new String(message, StandardCharsets.UTF_8));
    }
  }

  private static byte[] uint32(long v) {
    return ByteBuffer.allocate(4).putInt((int) v).array();
  }
}
