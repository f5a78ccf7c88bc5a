package org.web4.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.web4.cip.AgentLoop;
import org.web4.cip.CipRuntime;
import org.web4.cip.Fact;
import org.web4.cip.TrustState;
import org.web4.crypto.AgentKeyPair;
import org.web4.harness.AgentControl;
import org.web4.harness.HarnessBackend;
import org.web4.harness.HcpControl;
import org.web4.harness.LipControl;
import org.web4.harness.MeshControl;
import org.web4.harness.ReferenceBackend;
import org.web4.hcp.HcpRuntime;
import org.web4.lip.LipRuntime;
import org.web4.mesh.MeshHarness;
import org.web4.mesh.MeshRuntime;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttEndpoint;

/**
 * The reference agent on the wire: an RTT endpoint whose messages are validated as envelopes at the
 * agent's clock and with its replay memory, refused with an ERROR frame when they fail
 * (spec/envelope.md §14) or arrive on the wrong channel [RTT-CH-002], and otherwise handed to the
 * protocols' runtimes ({@link ProtocolRouter}); and a harness backend that can drive it. This class
 * wires the parts together and answers the harness; the RTT side of the harness is {@link
 * AgentTransport}, where events go is {@link AgentEvents}.
 */
public final class ReferenceAgent implements AgentControl, AutoCloseable {
  private final AdjustableClock clock;
  private final ReferenceBackend backend;
  private final RttEndpoint endpoint;
  private final AgentEvents events;
  private final boolean anyChannel;

  /** The RTT side the harness drives: dials, connections, send queues, named channels. */
  private final AgentTransport transport;

  /** Deviation.CLOCK_HOLD_IGNORED (testing the kit only): breaks HAR-CLK-002. */
  private final boolean clockHoldIgnored;

  private final EventLog eventLog;
  private final AgentLoop loop;
  private final CipRuntime cip;
  private final HcpRuntime hcp;
  private final LipRuntime lip;
  private final MeshRuntime mesh;
  private final ProtocolRouter router;

  /**
   * @param events also receives every RTT event (e.g. {@code web4 connect} prints them)
   */
  public ReferenceAgent(
      HarnessBackend.Implementation implementation,
      String agentId,
      AgentKeyPair identity,
      AdjustableClock clock,
      SecureRandom random,
      RttEvent.Sink events) {
    this(implementation, agentId, identity, clock, random, events, Set.of());
  }

  /** With deliberate deviations from the spec (for testing the kit only, see {@link Deviation}). */
  public ReferenceAgent(
      HarnessBackend.Implementation implementation,
      String agentId,
      AgentKeyPair identity,
      AdjustableClock clock,
      SecureRandom random,
      RttEvent.Sink events,
      Set<Deviation> deviations) {
    this(implementation, agentId, identity, clock, random, events, deviations, e -> {});
  }

  /**
   * @param eventLines receives every observability event of spec/events.md (e.g. a JSON lines file)
   */
  public ReferenceAgent(
      HarnessBackend.Implementation implementation,
      String agentId,
      AgentKeyPair identity,
      AdjustableClock clock,
      SecureRandom random,
      RttEvent.Sink events,
      Set<Deviation> deviations,
      Consumer<ObjectNode> eventLines) {
    this.eventLog = new EventLog(identity.publicKey().fingerprint(), eventLines, deviations);
    this.events = new AgentEvents(eventLog, events);
    this.anyChannel = deviations.contains(Deviation.ANY_CHANNEL);
    this.clockHoldIgnored = deviations.contains(Deviation.CLOCK_HOLD_IGNORED);
    this.clock = clock;
    this.backend = new ReferenceBackend(implementation, agentId, identity, clock);
    RttHandshake.LocalIdentity local =
        new RttHandshake.LocalIdentity(
            agentId, identity, Curve25519KeyPair.generate(random), RttLimits.DEFAULT);
    this.loop = new AgentLoop();
    this.cip = new CipRuntime(agentId, identity, clock, random, this::event, loop, deviations);
    this.hcp =
        new HcpRuntime(
            agentId, identity, clock, random, this::event, loop, cip.trust(), deviations);
    this.lip =
        new LipRuntime(
            agentId,
            identity,
            clock,
            random,
            this::event,
            cip.trust(),
            cip.load(),
            loop,
            deviations);
    this.mesh =
        new MeshRuntime(
            agentId,
            identity,
            clock,
            random,
            this::event,
            cip,
            backend.agentValidator(),
            deviations);
    cip.replayForget(backend::forgetReplay); // read only by Deviation.CIP_FORGET_REFUSED
    cip.replayClear(backend::clearReplay); // read only by Deviation.CIP_FORGOTTEN_ON_RESUME
    this.router =
        new ProtocolRouter(backend::receive, cip, hcp, lip, mesh, anyChannel, clock, this::event);
    this.endpoint =
        new RttEndpoint(
            local,
            clock,
            random,
            this::event,
            this::onMessage,
            new RttEndpoint.ConnectionListener() {
              @Override
              public void connected(RttConnection c) {
                lip.connected(c);
                cip.connected(c, c.isInitiator());
              }

              @Override
              public void closed(RttConnection c) {
                lip.closed(c);
                cip.closed(c);
                hcp.closed(c);
                mesh.closed(c);
              }
            },
            deviations);
    if (deviations.contains(Deviation.SMALL_RETAINED_LIMIT)) {
      endpoint.sessions().limitRetainedBytes(1L << 20); // testing the kit: breaks RTT-RES-015
    }
    this.transport = new AgentTransport(endpoint, random.nextLong(), deviations);
    backend.attach(this);
  }

  public ReferenceBackend backend() {
    return backend;
  }

  public RttEndpoint endpoint() {
    return endpoint;
  }

  /** Starts listening for RTT on {@code address}; returns the bound address. */
  public InetSocketAddress listen(InetSocketAddress address) throws IOException {
    return endpoint.listen(address);
  }

  /** The most recent events, oldest first. */
  public List<RttEvent> recentEvents() {
    return events.recent();
  }

  private void event(RttEvent e) {
    events.accept(e);
  }

  private void onMessage(RttConnection connection, int channel, byte[] message, long lastFrame) {
    mesh.tick(); // a vouch's decay by the agent's clock [MESH-TRU-002]
    transport.delivered(connection, channel, message); // [HAR-RES-004] named channels only
    router.route(connection, channel, message, lastFrame);
  }

  /** The CIP runtime: trust, knowledge, load (the harness reads and sets them). */
  public CipRuntime cip() {
    return cip;
  }

  /**
   * Gives the agent a mission: its loop reports {@code agent.mission.drift} when most recent
   * accepted intents leave these topics (the rule of {@link AgentLoop}).
   */
  public void mission(Set<String> topics) {
    loop.mission(
        topics,
        (drifting, outside, window) ->
            event(
                new RttEvent(
                    clock.instant(),
                    "agent.mission.drift",
                    "-",
                    Map.of("drifting", drifting, "outside", outside, "window", window))));
  }

  /** The HCP runtime: the principal and the HCP sessions (spec/hcp.md §4). */
  public HcpRuntime hcp() {
    return hcp;
  }

  @Override
  public Optional<HcpControl> hcpControl() {
    return Optional.of(hcp);
  }

  /** The LIP runtime: source rules and the deferred-acceptance queue (spec/lip.md §4). */
  public LipRuntime lipRuntime() {
    return lip;
  }

  @Override
  public Optional<LipControl> lip() {
    return Optional.of(lip);
  }

  /** The mesh runtime: routes, relays, vouches (spec/mesh.md §4). */
  public MeshRuntime meshRuntime() {
    return mesh;
  }

  @Override
  public Optional<MeshControl> mesh() {
    return Optional.of(new MeshHarness(mesh));
  }

  /** What the agent loop has remembered. */
  public AgentLoop loop() {
    return loop;
  }

  // AgentControl -------------------------------------------------------------------------------

  @Override
  public DialOutcome dial(String host, int port, Optional<String> expectFingerprint) {
    return transport.dial(host, port, expectFingerprint);
  }

  /** {@code rtt/dial} with {@code "resume":true} [HAR-RES-005]: dials and keeps the session. */
  @Override
  public DialOutcome dialKeeping(String host, int port, String expectFingerprint) {
    return transport.dialKeeping(host, port, expectFingerprint);
  }

  @Override
  public boolean resumeEnabled() {
    return endpoint.resumeEnabled();
  }

  @Override
  public int sendNamed(String peerFingerprint, String channel, byte[] data, int count)
      throws InterruptedException {
    return transport.sendNamed(peerFingerprint, channel, data, count);
  }

  @Override
  public List<InboxChannel> inbox() {
    return transport.inbox();
  }

  @Override
  public List<ConnectionInfo> connections() {
    return transport.connections();
  }

  @Override
  public int handshaking() {
    return endpoint.handshaking();
  }

  @Override
  public Map<String, String> trust() {
    mesh.tick();
    Map<String, String> out = new java.util.TreeMap<>();
    cip.trust().all().forEach((fp, state) -> out.put(fp, state.wire()));
    return out;
  }

  @Override
  public void addAnchors(Set<String> fingerprints) {
    cip.trust().addAnchors(fingerprints);
  }

  @Override
  public void overrideTrust(String fingerprint, String state) {
    cip.trust()
        .override(
            fingerprint,
            TrustState.ofWire(state)
                .orElseThrow(() -> new IllegalArgumentException("no trust state " + state)));
  }

  @Override
  public void setLoad(String presence, int lri) {
    cip.load().set(presence, lri);
    lip.rejudge(); // [HAR-LIP-003]
  }

  @Override
  public List<FactInfo> facts() {
    List<FactInfo> out = new ArrayList<>();
    for (Fact f : cip.knowledge().all()) {
      out.add(new FactInfo(f.id(), f.proposer(), f.status().wire(), List.copyOf(f.confirmedBy())));
    }
    return out;
  }

  @Override
  public List<ObjectNode> events(long since, int limit) {
    return eventLog.since(since, limit);
  }

  @Override
  public long lastEvent() {
    return eventLog.last();
  }

  @Override
  public Instant advanceClock(Duration by) {
    Instant now = clock.advance(by);
    endpoint.runTimersNow();
    lip.rejudge(); // [HAR-LIP-003]
    mesh.tick(); // [MESH-TRU-002]
    return now;
  }

  @Override
  public Instant holdClock() {
    // [HAR-CLK-002] every timed rule of the agent reads this one clock: envelope timestamps and
    // replay, RTT timers, HCP pacing, LIP expiry, mesh vouch decay
    return clockHoldIgnored ? clock.instant() : clock.hold();
  }

  @Override
  public void reset() {
    transport.reset(); // first: no connection, no session, nothing dialled again
    clock.resetOffset();
    cip.reset();
    hcp.reset();
    lip.reset();
    mesh.reset();
    loop.reset();
    eventLog.reset();
    transport.resetTraffic();
  }

  @Override
  public void close() {
    endpoint.close();
    lip.close();
    mesh.close();
    loop.close();
  }

  /** Remembers the resume setting the agent was started with, for {@code reset} [HAR-RES-002]. */
  public void rememberStartupResume() {
    transport.rememberStartupResume();
  }

  @Override
  public void setResume(boolean enabled) {
    endpoint.enableResume(enabled);
  }

  @Override
  public void setSendQueuePolicy(
      String policy, int maxMessages, long maxBytes, long blockTimeoutMillis) {
    transport.setSendQueuePolicy(policy, maxMessages, maxBytes, blockTimeoutMillis);
  }
}
