package org.web4.rtt.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * One direction of a simulated TCP connection: the bytes one side wrote, in order, each segment
 * deliverable after the link's latency; delivered in chunks of drawn sizes (so that a cut lands
 * mid-frame and mid-length-prefix), at the link's bandwidth, only when the receiving pipeline asked
 * to read, and not at all while the network is partitioned or the link is stalled. Nothing is
 * reordered (TCP); the end of the stream follows the last byte. A reset kills the pipe: what it
 * held is gone.
 */
final class Pipe {
  private record Segment(ByteBuf bytes, long eligibleAt) {}

  private final SimulatedNetwork network;
  private final Link link;
  private final SimulatedChannel to;
  private final ArrayDeque<Segment> segments = new ArrayDeque<>();
  private long queued;
  private long lastEligible;
  private long endEligible = Long.MAX_VALUE;
  private boolean deliveryScheduled;
  private boolean dead;
  private boolean blackhole;

  Pipe(SimulatedNetwork network, Link link, SimulatedChannel to) {
    this.network = network;
    this.link = link;
    this.to = to;
  }

  /** Bytes written and not yet delivered. */
  long queued() {
    return queued;
  }

  boolean endQueued() {
    return endEligible != Long.MAX_VALUE;
  }

  /** Whether nothing more goes through this pipe (reset, or its end was delivered). */
  boolean dead() {
    return dead;
  }

  /** The sending side wrote {@code bytes}. */
  void add(ByteBuf bytes) {
    if (dead || blackhole || endQueued()) {
      bytes.release();
      return;
    }
    long eligible = Math.max(lastEligible, network.now() + link.latency());
    lastEligible = eligible;
    segments.add(new Segment(bytes, eligible));
    queued += bytes.readableBytes();
    network.observePipe(queued);
    scheduleDelivery(eligible);
  }

  /** The sending side closed or shut its output down: the end follows what it wrote. */
  void end() {
    if (endQueued() || dead) {
      return;
    }
    endEligible = Math.max(lastEligible, network.now() + link.latency());
    scheduleDelivery(endEligible);
  }

  /** A reset: what the pipe holds is lost, and nothing more goes through it. */
  void kill() {
    dead = true;
    for (@Nullable Segment s = segments.poll(); s != null; s = segments.poll()) {
      s.bytes.release();
    }
    queued = 0;
  }

  /**
   * Half-open: the receiving side is gone without a trace; what is written into this pipe
   * disappears and its end never arrives.
   */
  void blackhole() {
    blackhole = true;
    kill();
  }

  /** The receiving pipeline asked to read. */
  void readRequested() {
    if (!segments.isEmpty() || endQueued()) {
      scheduleDelivery(network.now());
    }
  }

  private void scheduleDelivery(long at) {
    if (deliveryScheduled || dead) {
      return;
    }
    deliveryScheduled = true;
    long when = Math.max(at, Math.max(network.partitionedUntil(), link.stalledUntil()));
    network.scheduler().at(when, "deliver", this::deliver);
  }

  private void deliver() {
    deliveryScheduled = false;
    if (dead) {
      return;
    }
    if (!to.isOpen()) {
      kill(); // TCP: what arrives at a closed socket is answered with a reset
      return;
    }
    long now = network.now();
    long blockedUntil = Math.max(network.partitionedUntil(), link.stalledUntil());
    if (blockedUntil > now) {
      scheduleDelivery(blockedUntil);
      return;
    }
    Segment head = segments.peek();
    if (head == null) {
      if (endQueued()) {
        if (endEligible > now) {
          scheduleDelivery(endEligible);
        } else if (to.takeReadRequest()) {
          kill();
          var unused = to.close(); // the end of the stream: the socket closes (no half-closure)
          network.endDelivered();
        }
      }
      return;
    }
    if (head.eligibleAt > now) {
      scheduleDelivery(head.eligibleAt);
      return;
    }
    if (!to.takeReadRequest()) {
      return; // readRequested() schedules the delivery
    }
    int n = (int) Math.min(network.chunkSize(), eligibleBytes(now));
    ByteBuf chunk = Unpooled.buffer(n, n);
    while (chunk.isWritable()) {
      Segment s = segments.element();
      int k = Math.min(chunk.writableBytes(), s.bytes.readableBytes());
      chunk.writeBytes(s.bytes, k);
      if (!s.bytes.isReadable()) {
        segments.remove().bytes.release();
      }
    }
    queued -= n;
    network.delivered(n);
    to.pipeline().fireChannelRead(chunk);
    to.pipeline().fireChannelReadComplete();
    if (!segments.isEmpty() || endQueued()) {
      scheduleDelivery(now + network.transmissionMicros(n));
    }
  }

  private long eligibleBytes(long now) {
    long n = 0;
    for (Segment s : segments) {
      if (s.eligibleAt > now) {
        break;
      }
      n += s.bytes.readableBytes();
    }
    return n;
  }
}
