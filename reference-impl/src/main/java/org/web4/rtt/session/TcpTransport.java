package org.web4.rtt.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.web4.rtt.RttLimits;

/** The agents' transport: NIO TCP sockets on the event loops every endpoint shares (ADR 1104). */
final class TcpTransport implements RttTransport {
  static final TcpTransport INSTANCE = new TcpTransport();

  private TcpTransport() {}

  @Override
  public Channel listen(
      InetSocketAddress address, ChannelHandler acceptLimit, Consumer<Channel> accepted)
      throws IOException {
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(RttEventLoops.io())
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 128)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.AUTO_READ, false)
            // In accept order, on the listener's loop: the unauthenticated limit [RTT-LIM-002].
            .handler(acceptLimit)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    accepted.accept(channel);
                  }
                });
    return EndpointDialer.await(bootstrap.bind(address), "bind " + address).channel();
  }

  @Override
  public ChannelFuture connect(InetSocketAddress address, Consumer<Channel> initialise) {
    Bootstrap bootstrap =
        new Bootstrap()
            .group(RttEventLoops.io())
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, false)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) RttLimits.HANDSHAKE_TIMEOUT.toMillis())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    initialise.accept(channel);
                  }
                });
    return bootstrap.connect(address);
  }
}
