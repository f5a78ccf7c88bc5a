package org.web4.rtt.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.Map;
import org.web4.rtt.RttEvent;
import org.web4.rtt.handshake.RttHandshake;

/**
 * Sees every accepted connection of an {@link RttEndpoint} on the listener's event loop, in the
 * order they were accepted, before it is registered: at most 64 connections are in the handshake at
 * once [RTT-LIM-002], shared between sources [RTT-LIM-006]; a connection that gets no place is
 * closed at accept.
 */
final class AcceptLimit extends ChannelInboundHandlerAdapter {
  /** Each accepted channel's place among the handshakes, from accept to its handshake. */
  static final AttributeKey<HandshakeAdmission.Ticket<Channel>> ADMITTED =
      AttributeKey.valueOf("web4.rtt.admitted");

  private final RttEndpoint endpoint;

  AcceptLimit(RttEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Channel child = (Channel) msg;
    HandshakeAdmission.Decision<Channel> decision =
        endpoint.admission.admit(child, child.remoteAddress());
    HandshakeAdmission.Ticket<Channel> ticket = decision.admitted();
    if (ticket == null) {
      refused(child, "too many unauthenticated connections");
      child.unsafe().closeForcibly(); // not registered with a loop yet: close the socket itself
      return;
    }
    decision.displaced().ifPresent(this::displace);
    child.attr(ADMITTED).set(ticket);
    ctx.fireChannelRead(child);
  }

  /**
   * [RTT-LIM-006] Closes the oldest handshake of the source holding the most. Its place is already
   * free; a channel still being registered is closed by {@link RttEndpoint}'s accept instead, which
   * sees its ticket released (a channel is registered before it is initialised).
   */
  private void displace(Channel oldest) {
    refused(oldest, "displaced by a connection from a source holding fewer handshakes");
    if (oldest.isRegistered()) {
      var unused = oldest.close();
    }
  }

  private void refused(Channel child, String reason) {
    endpoint.events.accept(
        new RttEvent(
            endpoint.clock.instant(),
            "rtt.connection.refused",
            RttHandshake.label(child.localAddress(), child.remoteAddress()),
            Map.of("reason", reason)));
  }
}
