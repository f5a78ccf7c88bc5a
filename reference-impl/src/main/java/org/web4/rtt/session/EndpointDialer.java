package org.web4.rtt.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.resume.Session;
import org.web4.rtt.resume.SessionAccess;

/**
 * An {@link RttEndpoint}'s dials, as initiator [RTT-HS-002], and its resumes of a suspended session
 * it dialled (docs/drafts/rtt-resume.md §4.1): a full handshake on a new connection whose message 3
 * carries the request.
 */
final class EndpointDialer {
  private final RttEndpoint endpoint;

  EndpointDialer(RttEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  RttEndpoint.Resumed resume(String peerFingerprint) throws IOException, RttHandshakeException {
    Session s = suspendedSession(peerFingerprint);
    InetSocketAddress address = address(s);
    RttConnection c = dial(address, Optional.of(peerFingerprint), s);
    try {
      return new RttEndpoint.Resumed(
          c,
          SessionAccess.answer(s, c).get(RttEndpoint.DIAL_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("no RESUME from " + address, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while resuming", e);
    }
  }

  CompletableFuture<RttEndpoint.Resumed> resumeAsync(String peerFingerprint) {
    Session s;
    InetSocketAddress address;
    try {
      s = suspendedSession(peerFingerprint);
      address = address(s);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    return dialAsync(address, Optional.of(peerFingerprint), s)
        .thenCompose(c -> SessionAccess.answer(s, c).thenApply(a -> new RttEndpoint.Resumed(c, a)));
  }

  private Session suspendedSession(String peerFingerprint) throws IOException {
    return endpoint
        .sessions()
        .suspendedDialerSession(peerFingerprint)
        .orElseThrow(() -> new IOException("no suspended session with " + peerFingerprint));
  }

  private static InetSocketAddress address(Session s) throws IOException {
    InetSocketAddress address = s.address();
    if (address == null) {
      throw new IOException("the session has no address to dial");
    }
    return address;
  }

  RttConnection dial(
      InetSocketAddress address, Optional<String> expectedFingerprint, @Nullable Session resuming)
      throws IOException, RttHandshakeException {
    CompletableFuture<RttConnection> dialled = new CompletableFuture<>();
    ChannelFuture connecting = connect(address, expectedFingerprint, resuming, dialled);
    Channel channel;
    try {
      channel = await(connecting, "connect to " + address).channel();
    } catch (IOException e) {
      endpoint.handshakes.remove(connecting.channel()); // no TCP connection: no handshake either
      throw e;
    }
    try {
      return dialled.get(RttEndpoint.DIAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RttHandshakeException h) {
        throw h;
      }
      throw new IOException("the handshake with " + address + " failed", e.getCause());
    } catch (TimeoutException e) {
      var unused = channel.close();
      throw new RttHandshakeException(
          RttHandshakeException.Reason.NO_CONFIRMATION,
          "no handshake with " + address + " within " + RttEndpoint.DIAL_WAIT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      var unused = channel.close();
      throw new IOException("interrupted while dialling " + address, e);
    }
  }

  CompletableFuture<RttConnection> dialAsync(
      InetSocketAddress address, Optional<String> expectedFingerprint, @Nullable Session resuming) {
    CompletableFuture<RttConnection> dialled = new CompletableFuture<>();
    ChannelFuture connecting = connect(address, expectedFingerprint, resuming, dialled);
    connecting.addListener(
        f -> {
          if (!f.isSuccess()) {
            endpoint.handshakes.remove(connecting.channel()); // no TCP connection: no handshake
            dialled.completeExceptionally(
                f.cause() instanceof IOException io
                    ? io
                    : new IOException("connect to " + address + " failed", f.cause()));
          }
        });
    return dialled;
  }

  /** The TCP connection of a dial; its handshake completes {@code dialled}. */
  private ChannelFuture connect(
      InetSocketAddress address,
      Optional<String> expectedFingerprint,
      @Nullable Session resuming,
      CompletableFuture<RttConnection> dialled) {
    RttRuntime runtime = endpoint.runtime;
    return runtime
        .transport()
        .connect(
            address,
            channel -> {
              endpoint.handshakes.began(channel, endpoint.clock.instant());
              RttPipeline.install(
                  channel,
                  new RttChannelHandler(
                      new EndpointHandshake(
                          endpoint, channel, dialled, expectedFingerprint, null, resuming),
                      runtime.nextSessionExecutor()));
            });
  }

  /** Waits (bounded) for a bind or connect; its failure is an IOException. */
  static ChannelFuture await(ChannelFuture future, String what) throws IOException {
    boolean done;
    try {
      done = future.await(RttLimits.HANDSHAKE_TIMEOUT.toMillis() + RttEndpoint.TICK.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      var unused = future.channel().close();
      throw new IOException("interrupted: " + what, e);
    }
    if (!done) {
      var unused = future.channel().close();
      throw new IOException(what + " did not complete");
    }
    if (!future.isSuccess()) {
      Throwable cause = future.cause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(what + " failed", cause);
    }
    return future;
  }
}
