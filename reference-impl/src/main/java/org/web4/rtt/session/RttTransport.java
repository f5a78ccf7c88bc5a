package org.web4.rtt.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Where an endpoint's connections come from: TCP sockets on the shared event loops ({@link #tcp()},
 * what every agent uses), or, for the deterministic simulation of issue 18 (docs/adr/1410), an
 * in-memory network whose channels a test moves by hand. The endpoint installs the same pipeline
 * ({@link RttPipeline}) on whatever channel the transport hands it.
 */
public interface RttTransport {
  /**
   * Listens on {@code address}.
   *
   * @param acceptLimit sees each accepted channel on the listening channel, in accept order and
   *     before the channel is registered [RTT-LIM-002]; it passes on those it admits
   * @param accepted initialises each admitted channel (installs the pipeline) when it is registered
   * @return the listening channel (its local address is an {@link InetSocketAddress})
   */
  Channel listen(InetSocketAddress address, ChannelHandler acceptLimit, Consumer<Channel> accepted)
      throws IOException;

  /**
   * Connects to {@code address}; {@code initialise} installs the pipeline on the new channel before
   * it becomes active. The future fails when no connection could be made.
   */
  ChannelFuture connect(InetSocketAddress address, Consumer<Channel> initialise);

  /** TCP on {@link RttEventLoops}: auto-read off, TCP_NODELAY, a 10 s connect timeout. */
  static RttTransport tcp() {
    return TcpTransport.INSTANCE;
  }
}
