package org.web4.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.KeyFiles;
import org.web4.envelope.MessageTypes;
import org.web4.envelope.Protocol;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.ChannelFamilies;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.rtt.session.Delivery;
import org.web4.rtt.session.RttBackpressureException;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttEndpoint;
import org.web4.rtt.session.RttReplayException;
import org.web4.rtt.session.RttTransportException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code web4 connect HOST:PORT}: dials an RTT peer, prints every step (handshake, channels,
 * heartbeat, errors), optionally sends one envelope on its channel and reports what the peer did
 * with it, then shuts down with GOAWAY. Exit 0 when the handshake completed and the envelope (if
 * any) was delivered; 1 when the peer refused something; 2 for usage errors.
 */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    description = "Dial an RTT peer, print what happens, optionally send one envelope.")
public final class ConnectCommand implements Callable<Integer> {
  @CommandLine.Mixin VerboseOption verbose = new VerboseOption();

  @Parameters(paramLabel = "HOST:PORT", description = "The peer's RTT address.")
  String address = "";

  @Option(
      names = "--expect",
      paramLabel = "FINGERPRINT",
      description = "Refuse the peer unless its identity has this fingerprint.")
  @Nullable String expect;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "Identity key: PEM PKCS#8 Ed25519 (default: an ephemeral key).")
  @Nullable Path key;

  @Option(
      names = "--agent-id",
      paramLabel = "ID",
      description = "This side's agent id (default: ${DEFAULT-VALUE}).")
  String agentId = "web4-connect";

  @Option(
      names = "--send",
      paramLabel = "FILE",
      description = "A signed envelope to send, on the channel its type travels on.")
  @Nullable Path send;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      description = "How long to wait for the peer's answer (default: ${DEFAULT-VALUE}).")
  int waitSeconds = 5;

  @Override
  public Integer call() throws Exception {
    return run(System.out, System.err);
  }

  Integer run(PrintStream out, PrintStream err) throws Exception {
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      err.println("web4 connect: the address must be HOST:PORT, not " + address);
      return 2;
    }
    InetSocketAddress peer;
    try {
      peer =
          new InetSocketAddress(
              address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      err.println("web4 connect: " + e.getMessage());
      return 2;
    }
    byte[] envelope = null;
    int channel = 0;
    Path file = send;
    if (file != null) {
      envelope = Files.readAllBytes(file);
      Optional<Integer> c = channelOf(envelope);
      if (c.isEmpty()) {
        err.println("web4 connect: " + file + " is not an envelope with a known protocol and type");
        return 2;
      }
      channel = c.get();
    }
    SecureRandom random = new SecureRandom();
    Path keyFile = key;
    AgentKeyPair identity =
        keyFile != null ? KeyFiles.readPrivateKey(keyFile) : AgentKeyPair.generate(random);
    CountDownLatch delivered = new CountDownLatch(1);
    int sendChannel = channel;
    RttEvent.Sink events =
        e -> {
          out.println(EventLines.format(e));
          if (e.kind().equals("rtt.credit.received")
              && Integer.valueOf(sendChannel).equals(e.attributes().get("channel"))) {
            delivered.countDown();
          }
        };
    try (RttEndpoint endpoint =
        new RttEndpoint(
            new RttHandshake.LocalIdentity(
                agentId, identity, Curve25519KeyPair.generate(random), RttLimits.DEFAULT),
            Clock.systemUTC(),
            random,
            events,
            null,
            c -> {})) {
      RttConnection connection;
      try {
        connection = endpoint.dial(peer, Optional.ofNullable(expect));
      } catch (RttHandshakeException | IOException e) {
        out.println("handshake failed: " + e.getMessage());
        return 1;
      }
      out.println(
          "connected agent_id="
              + connection.peer().agentId()
              + " fingerprint="
              + connection.peer().key().fingerprint());
      int exit = 0;
      if (envelope != null) {
        exit = sendAndAwait(connection, channel, envelope, delivered, out);
      }
      connection.shutdown();
      connection.awaitClosed(RttLimits.GOAWAY_CLOSE_WITHIN.plusSeconds(1));
      return exit;
    }
  }

  private int sendAndAwait(
      RttConnection connection,
      int channel,
      byte[] envelope,
      CountDownLatch delivered,
      PrintStream out)
      throws InterruptedException {
    try {
      connection.send(channel, envelope);
    } catch (RttTransportException | RttBackpressureException e) {
      out.println("send failed: " + e.getMessage());
      return 1;
    }
    Duration wait = Duration.ofSeconds(waitSeconds);
    try {
      Optional<Delivery> d = connection.receive(channel, wait);
      if (d.isPresent() && d.get() instanceof Delivery.PeerError pe) {
        out.println("refused code=" + pe.error().code() + " text=" + pe.error().text());
        return 1;
      }
    } catch (RttReplayException e) {
      out.println("refused code=REPLAY text=" + e.report().text());
      return 1;
    } catch (RttTransportException e) {
      out.println("connection ended: " + e.getMessage());
      return 1;
    }
    if (delivered.await(1, TimeUnit.SECONDS)) {
      out.println("delivered " + envelope.length + " bytes on channel " + channel);
      return 0;
    }
    out.println("no answer within " + waitSeconds + " s");
    return 1;
  }

  private static Optional<Integer> channelOf(byte[] envelope) {
    JsonNode root;
    try {
      root = StrictJsonParser.withEnvelopeLimits().parse(envelope);
    } catch (JsonViolation e) {
      return Optional.empty();
    }
    for (Protocol p : Protocol.values()) {
      if (root.has(p.member()) && root.path("type").isTextual()) {
        // a type the protocol does not define has no Table 5 channel; it goes on control, so
        // that the peer answers it with UNSUPPORTED_TYPE [ENV-TYPE-001] for the user to see
        return Optional.of(
            MessageTypes.get()
                .find(p, root.path("type").asText())
                .map(ChannelFamilies::channelOf)
                .orElse(ChannelNames.CONTROL));
      }
    }
    return Optional.empty();
  }
}
