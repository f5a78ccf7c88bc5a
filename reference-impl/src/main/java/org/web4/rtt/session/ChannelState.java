package org.web4.rtt.session;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/** One channel of a connection: its credit in both directions, reassembly and queues. */
final class ChannelState {
  /** Where a channel is in its life (spec/rtt.md §5). */
  enum Phase {
    /** This side sent OPEN and waits for OPEN_ACK. */
    OPENING,
    OPEN,
    /** This side sent CLOSE and waits for the peer's CLOSE. */
    CLOSING
  }

  final int id;
  final String name;
  Phase phase;

  /** Bytes this side may still send (the peer's grant). Guarded by this. */
  long sendWindow;

  /**
   * Messages waiting for credit, in order, each positioned at its first unsent byte. Guarded by
   * this.
   */
  final ArrayDeque<ByteBuffer> sendQueue = new ArrayDeque<>();

  /** Bytes the peer may still send before this side grants more. Reader thread only. */
  long receiveWindow;

  /** The message being reassembled. Session executor only. */
  final MessageAssembly assembling = new MessageAssembly();

  /** Delivered messages and peer errors the application has not taken yet. */
  final LinkedBlockingQueue<Delivery> inbound = new LinkedBlockingQueue<>();

  /** Completed by OPEN_ACK for a channel this side opened. */
  final CompletableFuture<Void> opened = new CompletableFuture<>();

  ChannelState(int id, String name, Phase phase, long sendWindow, long receiveWindow) {
    this.id = id;
    this.name = name;
    this.phase = phase;
    this.sendWindow = sendWindow;
    this.receiveWindow = receiveWindow;
  }
}
