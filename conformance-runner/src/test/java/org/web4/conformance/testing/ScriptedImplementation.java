package org.web4.conformance.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterListener;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.conformance.rtt.Transcript;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Protocol;
import org.web4.json.JsonCanonicalizer;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;

/**
 * An "implementation" whose every byte a test scripts, over real loopback sockets: a tester peer
 * named {@code iut} listens, a tester peer named {@code tester} dials it and completes the RTT
 * handshake, and the test makes {@link #iut()} send frames and envelopes — conforming or not — for
 * whatever observes the tester's connection (the wire judge). {@link #settle()} returns once the
 * tester's receive loop has read everything the implementation sent so far.
 */
public final class ScriptedImplementation implements AutoCloseable {
  /** The scripted implementation's peer name: observers can tell its connection apart. */
  public static final String IUT = "iut";

  private static final Duration BOUND = Duration.ofSeconds(10);

  private final Transcript transcript = new Transcript();
  private final TesterListener listener;
  private final TesterPeer tester;
  private final TesterPeer iut;
  private long marker;

  private ScriptedImplementation(long seed) throws Exception {
    listener = new TesterListener(transcript, seed);
    CompletableFuture<TesterPeer> accepted =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                TesterPeer p = listener.accept(BOUND, IUT);
                if (!p.respond(p.validPayload(), TesterPeer.Confirmation.NOTHING)) {
                  throw new IOException("no handshake message 3");
                }
                return p;
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
    tester = TesterPeer.connect(listener.address(), transcript, seed, TesterPeer.DEFAULT_NAME);
    tester.noiseHandshake(); // the script sends the implementation's first frame itself
    iut = accepted.get(BOUND.toSeconds(), TimeUnit.SECONDS);
  }

  /** The tester dials the scripted implementation and completes the handshake. */
  public static ScriptedImplementation connect(long seed) throws Exception {
    return new ScriptedImplementation(seed);
  }

  /** The implementation's side: send anything with it. */
  public TesterPeer iut() {
    return iut;
  }

  /** The tester's side (its connection is the one observed). */
  public TesterPeer tester() {
    return tester;
  }

  /** The implementation's identity, bound in the handshake. */
  public AgentKeyPair identity() {
    return iut.identity();
  }

  /** A valid envelope of the implementation, signed by {@code signer}, stamped {@code at}. */
  public ObjectNode envelope(
      Protocol protocol, String type, ObjectNode payload, AgentKeyPair signer, Instant at) {
    return EnvelopeBuilder.of(protocol, type)
        .msgId(uuid4(marker++))
        .timestamp(at)
        .sender(IUT, signer)
        .receiver(TesterPeer.AGENT_ID, tester.identity().publicKey().fingerprint())
        .payload(payload)
        .sign(signer);
  }

  /** A version 4 UUID (ENV-MSG-001) that differs for every {@code n}. */
  private static UUID uuid4(long n) {
    return new UUID(0x1234_5678_9abc_4000L | (n & 0xFFF), 0x8000_0000_0000_0000L | n);
  }

  /** A valid INTENT_RESPONSE accepting some intent, stamped now. */
  public ObjectNode intentResponse() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("intent_ref", "8f0c1b7a-3d2e-4c5b-9a6f-0e1d2c3b4a59");
    p.put("decision", "accept");
    return envelope(Protocol.CIP, "INTENT_RESPONSE", p, identity(), Instant.now());
  }

  /** The implementation sends {@code envelope} (as it is) on {@code channel}. */
  public void send(int channel, ObjectNode envelope) throws IOException {
    iut.sendMessage(channel, JsonCanonicalizer.canonicalize(envelope), Frame.MAX_BODY, true);
  }

  /** The implementation sends RTT-HS-007's PING as its frame 0. */
  public void confirmHandshake() throws IOException {
    iut.sendFrame(FrameType.PING, 0, 0, new byte[8]);
  }

  /**
   * Returns once the tester's receive loop has read (and its observers judged) everything the
   * implementation sent so far: the implementation sends a PONG with a marker body, and the tester
   * reads until it.
   */
  public void settle() throws Exception {
    settle(iut.nextSequence());
  }

  /** As {@link #settle()}, the marker PONG having this sequence number. */
  public void settle(long sequence) throws Exception {
    byte[] body = java.nio.ByteBuffer.allocate(8).putLong(0x5E77_1E00L + marker++).array();
    iut.sendFrame(FrameType.PONG.code(), 0, 0, sequence, body);
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      TesterPeer.Received r = tester.next(BOUND);
      if (r.kind() == TesterPeer.Received.Kind.CLOSED
          || r.kind() == TesterPeer.Received.Kind.TIMEOUT) {
        throw new IllegalStateException("the tester's connection ended: " + r.detail());
      }
      RawFrame f = r.frame();
      if (f != null && f.is(FrameType.PONG) && java.util.Arrays.equals(f.body(), body)) {
        return;
      }
    }
    throw new IllegalStateException("the marker PONG did not arrive within " + BOUND);
  }

  @Override
  public void close() throws IOException {
    tester.close();
    iut.close();
    listener.close();
  }
}
