package org.web4.agent;

import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.web4.cip.CipRuntime;
import org.web4.envelope.EnvelopeException;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.MessageType;
import org.web4.envelope.MessageTypes;
import org.web4.envelope.Protocol;
import org.web4.envelope.ValidatedEnvelope;
import org.web4.hcp.HcpRuntime;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.lip.LipRuntime;
import org.web4.mesh.MeshRuntime;
import org.web4.rtt.ChannelFamilies;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttEvent;
import org.web4.rtt.session.RttConnection;

/**
 * Where every message an agent receives goes, in order (spec/envelope.md §13, rtt.md §5, cip.md
 * §4): the ten validation steps (a refusal is a non-closing ERROR, RTT-ERR-003; a bad signature or
 * a mismatched identity is also a trust event), then the channel check of rtt.md Table 5
 * (WRONG_CHANNEL), then the protocol's runtime. CIP's runtime gates on trust before it dispatches
 * by type to the destination its row of {@link MessageTypes} names (its handler); every HCP
 * envelope (on {@code control}) goes to the HCP runtime, which gates on the CIP trust state and the
 * HCP session (spec/hcp.md §4.2); every LIP envelope (on {@code knowledge}) goes to the LIP runtime
 * (spec/lip.md §4); every mesh envelope to the mesh runtime (spec/mesh.md §4).
 */
public final class ProtocolRouter {
  /** Validates an envelope at the agent's clock with its replay memory. */
  @FunctionalInterface
  public interface Receiver {
    ValidatedEnvelope receive(byte[] envelope) throws EnvelopeException;
  }

  /** Where a message type is handled. */
  public enum Destination {
    /** HELLO: the CIP handshake (cip.md §4.2). */
    HANDSHAKE,
    /** VERIFY: the handshake's proof, then the trust FSM (cip.md §4.4). */
    TRUST,
    /** STATE_UPDATE: the peer's presence and load, into the agent loop. */
    AGENT_STATE,
    /** INTENT, INTENT_RESPONSE: the agent loop (cip.md §4.3). */
    AGENT_LOOP,
    /** FACT_*: knowledge exchange (cip.md §4.5). */
    KNOWLEDGE,
    /** DECISION_SHARE: decision memory. */
    DECISION_MEMORY,
    /** Every HCP type: the HCP runtime (spec/hcp.md §4). */
    HCP_RUNTIME,
    /** Every LIP type: the LIP runtime (issue 8). */
    LIP_RUNTIME,
    /** Every mesh type: the mesh runtime (spec/mesh.md §4). */
    MESH_RUNTIME;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The destination a registry row names as its handler.
     *
     * @throws IllegalStateException when the row names no destination of this enum
     */
    static Destination of(MessageType row) {
      for (Destination d : values()) {
        if (d.wire().equals(row.handler())) {
          return d;
        }
      }
      throw new IllegalStateException(
          MessageTypes.RESOURCE
              + ": "
              + row.protocol().member()
              + " "
              + row.type()
              + " names no destination: "
              + row.handler());
    }
  }

  /** Every row's destination, checked once: a handler that names no destination fails loudly. */
  private static final Map<MessageType, Destination> ROUTES = routes();

  private static Map<MessageType, Destination> routes() {
    Map<MessageType, Destination> routes = new HashMap<>();
    for (MessageType row : MessageTypes.get().all()) {
      routes.put(row, Destination.of(row));
    }
    return Map.copyOf(routes);
  }

  private final Receiver receiver;
  private final CipRuntime cip;
  private final HcpRuntime hcp;
  private final boolean anyChannel;
  private final Clock clock;
  private final RttEvent.Sink events;
  private final LipRuntime lip;
  private final MeshRuntime mesh;

  /**
   * @param anyChannel skip the channel check ({@code Deviation.ANY_CHANNEL}, for testing the kit)
   */
  public ProtocolRouter(
      Receiver receiver,
      CipRuntime cip,
      HcpRuntime hcp,
      LipRuntime lip,
      MeshRuntime mesh,
      boolean anyChannel,
      Clock clock,
      RttEvent.Sink events) {
    this.receiver = receiver;
    this.cip = cip;
    this.hcp = hcp;
    this.lip = lip;
    this.mesh = mesh;
    this.anyChannel = anyChannel;
    this.clock = clock;
    this.events = events;
  }

  /**
   * The destination of a validated message type: the handler of its registry row.
   *
   * @throws IllegalArgumentException when the protocol defines no such type
   */
  public static Destination destination(Protocol protocol, String type) {
    return Objects.requireNonNull(ROUTES.get(MessageTypes.get().require(protocol, type)));
  }

  /** One complete message on a channel; called on the connection's reader thread, in order. */
  public void route(RttConnection connection, int channel, byte[] message, long lastFrame) {
    if (!ChannelNames.isStandard(channel)) {
      return; // a channel opened by name carries application data this agent has no use for
    }
    ValidatedEnvelope envelope;
    try {
      envelope = receiver.receive(message);
    } catch (EnvelopeException e) {
      connection.refuseMessage(
          channel, lastFrame, e.msgId().orElse(null), e.code(), String.valueOf(e.getMessage()));
      if (e.code() == ErrorCode.SIGNATURE_MISMATCH || e.code() == ErrorCode.IDENTITY_MISMATCH) {
        try {
          cip.refusedEnvelope(
              connection, e.code(), StrictJsonParser.withEnvelopeLimits().parse(message));
        } catch (JsonViolation unreachable) {
          // steps 1-3 passed, so it parses
        }
      }
      return;
    }
    int expected = ChannelFamilies.channelOf(envelope.protocol(), envelope.type());
    if (channel != expected && !anyChannel) {
      connection.refuseMessage(
          channel,
          lastFrame,
          envelope.msgId(),
          ErrorCode.WRONG_CHANNEL,
          envelope.type() + " travels on " + ChannelNames.STANDARD.get(expected));
      return;
    }
    Destination to = destination(envelope.protocol(), envelope.type());
    events.accept(
        new RttEvent(
            clock.instant(),
            "envelope.accepted",
            connection.label(),
            Map.of(
                "msg_id", envelope.msgId(),
                "type", envelope.type(),
                "channel", channel,
                "to", to.wire())));
    if (envelope.protocol() == Protocol.CIP) {
      cip.receive(connection, channel, lastFrame, envelope);
    } else if (envelope.protocol() == Protocol.HCP) {
      hcp.receive(connection, channel, lastFrame, envelope);
    } else if (envelope.protocol() == Protocol.LIP) {
      lip.receive(connection, channel, lastFrame, envelope);
    } else if (envelope.protocol() == Protocol.MESH) {
      mesh.receive(connection, channel, lastFrame, envelope);
    }
  }
}
