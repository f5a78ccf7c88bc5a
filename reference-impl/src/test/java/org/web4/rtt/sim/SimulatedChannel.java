package org.web4.rtt.sim;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DuplexChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One end of a simulated TCP connection: a Netty {@link EmbeddedChannel} (no thread, no socket:
 * what the pipeline writes waits in {@link #outboundMessages()} for the network to take it) with
 * the two things the RTT pipeline needs of a socket: internet addresses (the session dialer dials
 * its session's remote address again) and TCP's half-close (after a closing ERROR or GOAWAY the
 * frame encoder shuts its output down: the network then delivers the end of the stream). Auto-read
 * is off as on the agents' sockets: the network delivers bytes only after the pipeline asked to
 * read (RttChannelHandler asks once it handled what came), which is how a slow connection pushes
 * back on its peer.
 */
final class SimulatedChannel extends EmbeddedChannel implements DuplexChannel {
  private final InetSocketAddress local;
  private final InetSocketAddress remote;
  private boolean readRequested;
  private boolean outputShutdown;
  private boolean inputShutdown;
  private Runnable onReadRequested = () -> {};

  SimulatedChannel(
      long number, InetSocketAddress local, InetSocketAddress remote, ChannelHandler... handlers) {
    super(
        new SimulatedChannelId(number),
        /* register= */ false,
        /* hasDisconnect= */ false,
        handlers);
    this.local = local;
    this.remote = remote;
    config().setAutoRead(false);
  }

  /** Registers the channel (its initialiser runs); it is active from then on. */
  SimulatedChannel start() {
    try {
      register();
    } catch (Exception e) {
      throw new IllegalStateException("registering " + this, e);
    }
    return this;
  }

  /** What the network does when the pipeline asks to read. */
  void onReadRequested(Runnable action) {
    this.onReadRequested = action;
  }

  /** Whether the pipeline asked to read since the last delivery; clears the request. */
  boolean takeReadRequest() {
    boolean r = readRequested;
    readRequested = false;
    return r;
  }

  boolean readRequested() {
    return readRequested;
  }

  @Override
  protected void doBeginRead() {
    readRequested = true;
    onReadRequested.run();
  }

  @Override
  protected SocketAddress localAddress0() {
    return local;
  }

  @Override
  protected SocketAddress remoteAddress0() {
    return remote;
  }

  InetSocketAddress local() {
    return local;
  }

  /** Whether the pipeline shut its output down (the end of the stream follows what it wrote). */
  boolean outputShut() {
    return outputShutdown;
  }

  @Override
  public boolean isInputShutdown() {
    return inputShutdown || !isOpen();
  }

  @Override
  public ChannelFuture shutdownInput() {
    return shutdownInput(newPromise());
  }

  @Override
  public ChannelFuture shutdownInput(ChannelPromise promise) {
    inputShutdown = true;
    return promise.setSuccess();
  }

  @Override
  public boolean isOutputShutdown() {
    return outputShutdown || !isOpen();
  }

  /** TCP FIN: the network delivers the end of the stream after what was written before. */
  @Override
  public ChannelFuture shutdownOutput() {
    return shutdownOutput(newPromise());
  }

  @Override
  public ChannelFuture shutdownOutput(ChannelPromise promise) {
    outputShutdown = true;
    return promise.setSuccess();
  }

  @Override
  public boolean isShutdown() {
    return isInputShutdown() && isOutputShutdown();
  }

  @Override
  public ChannelFuture shutdown() {
    return shutdown(newPromise());
  }

  @Override
  public ChannelFuture shutdown(ChannelPromise promise) {
    inputShutdown = true;
    outputShutdown = true;
    return promise.setSuccess();
  }

  @Override
  public String toString() {
    return local + "->" + remote;
  }
}
