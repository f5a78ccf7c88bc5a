package org.web4.rtt.session;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.rtt.RttEvent;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.resume.Resumption;
import org.web4.rtt.resume.Session;
import org.web4.rtt.resume.SessionAccess;

/**
 * One handshake's course on an {@link RttEndpoint}'s channel, for {@link RttChannelHandler}: it
 * starts the connection when the handshake completed (within the connection cap, RTT-LIM-010),
 * frees the handshake's place (RTT-LIM-002) whatever happens, and completes a dial.
 */
final class EndpointHandshake implements RttChannelHandler.Handshaking {
  private static final Logger LOG = LoggerFactory.getLogger(EndpointHandshake.class);

  private final RttEndpoint endpoint;
  private final Channel channel;
  private final @Nullable CompletableFuture<RttConnection> dialled;
  private final Optional<String> expectedFingerprint;
  private final HandshakeAdmission.@Nullable Ticket<Channel> admitted;
  private final AtomicBoolean over = new AtomicBoolean();
  private final @Nullable Session resuming;

  /**
   * @param dialled completed for {@link RttEndpoint#dial}; null for an accepted connection
   * @param admitted its place among the handshakes in progress, freed when the handshake ends
   *     (accepted connections)
   * @param resuming the session a dial resumes, or null
   */
  EndpointHandshake(
      RttEndpoint endpoint,
      Channel channel,
      @Nullable CompletableFuture<RttConnection> dialled,
      Optional<String> expectedFingerprint,
      HandshakeAdmission.@Nullable Ticket<Channel> admitted,
      @Nullable Session resuming) {
    this.endpoint = endpoint;
    this.resuming = resuming;
    this.channel = channel;
    this.dialled = dialled;
    this.expectedFingerprint = expectedFingerprint;
    this.admitted = admitted;
  }

  @Override
  public RttHandshake.Steps begin(String label) {
    RttHandshake handshake =
        new RttHandshake(
                endpoint.local(),
                endpoint.random,
                endpoint.clock,
                endpoint.events,
                endpoint.deviations)
            .offeringResume(endpoint.resumeEnabled());
    Session s = resuming;
    return dialled == null
        ? handshake.responder(label)
        : handshake.initiator(
            label,
            expectedFingerprint,
            (peer, h2) ->
                s != null && peer.key().fingerprint().equals(s.peerFingerprint())
                    ? SessionAccess.request(s, h2)
                    : null);
  }

  @Override
  public @Nullable RttConnection established(RttHandshake.Established established) {
    try {
      if (!endpoint.handshakes.finish(channel)) {
        // the timer closed it: the handshake timed out [RTT-LIM-001]
        fail(timedOut());
        return null;
      }
      RttConnection c;
      synchronized (endpoint.cap) { // the count and the add, together [RTT-LIM-010]
        if (dialled == null && endpoint.cap.full(endpoint.connections)) {
          refuseForTheCap(established);
          return null;
        }
        c = start(established);
      }
      if (dialled != null) {
        dialled.complete(c);
      }
      return c;
    } finally {
      end(); // before the entry goes: who sees no handshake may connect again [RTT-LIM-002]
      endpoint.handshakes.remove(channel);
    }
  }

  /** Links a resumable connection to its session before anything else is sent or handled. */
  private RttEndpoint.ConnectionListener resumable(RttHandshake.Established established) {
    Resumption r = established.resumption().orElseThrow();
    InetSocketAddress remote = channel.remoteAddress() instanceof InetSocketAddress a ? a : null;
    RttEndpoint.ConnectionListener listener = endpoint.listener;
    return new RttEndpoint.ConnectionListener() {
      @Override
      public void connected(RttConnection c) {
        endpoint.sessions().attach(c, r, dialled != null, resuming, remote); // RESUME is frame 1
        Session s = resuming;
        if (dialled != null && s != null && r.request() != null) {
          // A resuming dialer's application hears of the connection once its RESUME was handled
          // (frame 1), on this connection's thread, before any later frame: what it sends from
          // connected() goes after the retransmission. Called here, such a send waited for the
          // RESUME on the very thread that was to handle it (found by web4 soak, ADR 1412: the
          // agent's CIP HELLO held the resumed connection for 10 s).
          var unused =
              SessionAccess.answer(s, c)
                  .whenComplete(
                      (answer, failure) -> {
                        if (failure == null) {
                          c.sessionReady(); // the retransmission is queued (Session.resumeFrame)
                          listener.connected(c);
                        }
                      });
          return;
        }
        listener.connected(c);
      }

      @Override
      public void closed(RttConnection c) {
        listener.closed(c);
      }
    };
  }

  private RttConnection start(RttHandshake.Established established) {
    // [HAR-RTT-002] listed before its first frame leaves: a peer that has read our frame 0
    // (the responder's confirming PING, RTT-HS-007) and asks rtt/connections finds it.
    return RttConnection.start(
        channel,
        established,
        endpoint.local().limits(),
        dialled != null,
        endpoint.clock,
        endpoint.events,
        endpoint.handler,
        started -> {
          started.useSendQueuePolicy(endpoint::sendQueuePolicy);
          endpoint.connections.add(started);
        },
        established.resumption().isEmpty() ? endpoint.listener : resumable(established),
        endpoint.unfinished,
        endpoint.deviations,
        endpoint.runtime);
  }

  /**
   * [RTT-LIM-010] with 4,096 connections established, an accepted one is refused as RTT-HS-005
   * refuses: a closing ERROR HANDSHAKE as its frame 0, then the socket closes.
   */
  private void refuseForTheCap(RttHandshake.Established established) {
    byte[] refusal = ConnectionCap.refusal(established.sender());
    if (refusal == null) {
      var unused = channel.close();
    } else {
      var unused =
          channel
              .writeAndFlush(Unpooled.wrappedBuffer(refusal))
              .addListener(ChannelFutureListener.CLOSE);
    }
    String label = RttHandshake.label(channel.localAddress(), channel.remoteAddress());
    String reason = ConnectionCap.MAX_ESTABLISHED + " connections established";
    endpoint.events.accept(
        new RttEvent(
            endpoint.clock.instant(), "rtt.connection.refused", label, Map.of("reason", reason)));
  }

  @Override
  public void failed(RttHandshakeException failure) {
    end();
    endpoint.handshakes.remove(channel);
    fail(failure);
  }

  @Override
  public void ended(RttHandshake.@Nullable Steps steps) {
    end();
    // The timer (or closeConnections) took the entry when it closed the channel: it reported.
    boolean closedHere = !endpoint.handshakes.remove(channel);
    if (closedHere) {
      fail(timedOut());
    } else if (steps == null) {
      fail(
          new RttHandshakeException(
              RttHandshakeException.Reason.NOISE, "the connection ended before the handshake"));
    } else {
      fail(steps.ended());
    }
    LOG.debug("RTT handshake on {} ended early", channel);
  }

  private void fail(RttHandshakeException failure) {
    if (dialled != null) {
      dialled.completeExceptionally(failure);
    }
    end();
  }

  private void end() {
    HandshakeAdmission.Ticket<Channel> ticket = admitted;
    if (over.compareAndSet(false, true) && ticket != null) {
      endpoint.admission.release(ticket);
    }
  }

  private static RttHandshakeException timedOut() {
    return new RttHandshakeException(
        RttHandshakeException.Reason.NO_CONFIRMATION, "the handshake timed out [RTT-LIM-001]");
  }
}
