package org.web4.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.AgentPublicKey;
import org.web4.crypto.Ed25519Verifier;
import org.web4.envelope.EnvelopeValidator;
import org.web4.envelope.Protocol;
import org.web4.envelope.ReplayCache;
import org.web4.envelope.SchemaCatalog;
import org.web4.envelope.ValidatedEnvelope;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameCodec;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.HandshakeResult;

/**
 * The micro level of issue 9, each measured next to its baseline in the same run: canonical JSON;
 * the kit's pinned Ed25519 next to bare BouncyCastle; full envelope validation next to the bare
 * verify it cannot beat; RTT transport encryption next to bare JDK AES-GCM; one Noise XX handshake
 * next to its X25519 and Ed25519 operations. Throughput, operations per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MicroBenchmarks {

  /** Envelope bytes, keys and a signature over them. */
  @State(Scope.Thread)
  public static class Envelopes {
    byte[] envelope;
    byte[] document;
    byte[] signedBytes;
    byte[] signature;
    byte[] seed;
    byte[] publicKey;
    AgentKeyPair key;
    AgentPublicKey decoded;
    Instant now;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      envelope = Fixtures.envelopeBytes();
      document = Fixtures.document64k();
      key = Fixtures.ALICE;
      decoded = key.publicKey();
      seed = key.seed();
      publicKey = decoded.raw();
      signedBytes = envelope; // the same bytes for both implementations
      signature = key.sign(signedBytes);
      now = Fixtures.NOW;
    }
  }

  @Benchmark
  public byte[] canonicalizeEnvelope(Envelopes s) throws Exception {
    return JsonCanonicalizer.canonicalize(s.envelope);
  }

  @Benchmark
  public byte[] canonicalize64KiB(Envelopes s) throws Exception {
    return JsonCanonicalizer.canonicalize(s.document);
  }

  @Benchmark
  public byte[] web4Sign(Envelopes s) {
    return s.key.sign(s.signedBytes);
  }

  @Benchmark
  public byte[] baselineBouncyCastleSign(Envelopes s) {
    byte[] sig = new byte[64];
    Ed25519.sign(s.seed, 0, s.signedBytes, 0, s.signedBytes.length, sig, 0);
    return sig;
  }

  @Benchmark
  public Ed25519Verifier.Outcome web4Verify(Envelopes s) {
    return s.decoded.verify(s.signedBytes, s.signature);
  }

  @Benchmark
  public boolean baselineBouncyCastleVerify(Envelopes s) {
    return Ed25519.verify(s.signature, 0, s.publicKey, 0, s.signedBytes, 0, s.signedBytes.length);
  }

  /** Parse + structure + schema + canonical form + pinned verify + clock + replay, every step. */
  @Benchmark
  public ValidatedEnvelope envelopeValidation(Envelopes s) throws Exception {
    return new EnvelopeValidator(SchemaCatalog.get(), new ReplayCache(4))
        .validate(s.envelope, s.now);
  }

  /**
   * The stages of envelope validation, each alone on the same envelope (issue 19 item 2), to be
   * read next to {@link #baselineBouncyCastleVerify} of the same run: strict parse, the two schema
   * validations, the canonical form that is signed, and the key's decoding from its text (which
   * {@link AgentPublicKey#fromBase64} remembers for recent keys).
   */
  @State(Scope.Thread)
  public static class Stages {
    byte[] envelope;
    StrictJsonParser parser;
    ObjectNode parsed;
    JsonNode payload;
    String pubkeyText;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      envelope = Fixtures.envelopeBytes();
      parser = StrictJsonParser.withEnvelopeLimits();
      parsed = (ObjectNode) parser.parse(envelope);
      payload = parsed.get("payload");
      pubkeyText = parsed.get("sender").get("pubkey").asText();
    }
  }

  @Benchmark
  public JsonNode stageParse(Stages s) throws Exception {
    return s.parser.parse(s.envelope);
  }

  @Benchmark
  public int stageSchemas(Stages s) {
    SchemaCatalog schemas = SchemaCatalog.get();
    return schemas.envelopeViolations(Protocol.CIP, s.parsed).size()
        + schemas.payloadViolations(Protocol.CIP, "STATE_UPDATE", s.payload).size();
  }

  @Benchmark
  public byte[] stageCanonicalizeSigned(Stages s) {
    return JsonCanonicalizer.canonicalizeWithout(s.parsed, "sign");
  }

  @Benchmark
  public AgentPublicKey stageKeyFromText(Stages s) {
    return AgentPublicKey.fromBase64(s.pubkeyText);
  }

  private static final byte[] NO_AD = new byte[0];

  /** RTT transport messages of 1 KiB and 64 KiB, encrypted and decrypted (one round trip). */
  @State(Scope.Thread)
  public static class Transport {
    @Param({"1024", "65519"})
    public int size;

    byte[] plaintext;
    ByteBuffer body;
    ByteBuffer wire;
    CipherState send;
    CipherState receive;
    Cipher bare;
    SecretKeySpec key;
    long nonce;

    @Setup(Level.Iteration)
    public void setUp() throws Exception {
      plaintext = Fixtures.bytes(size, size);
      body = ByteBuffer.wrap(plaintext, Frame.HEADER_SIZE, size - Frame.HEADER_SIZE);
      wire = ByteBuffer.allocate(size + 16);
      HandshakeResult[] pair = Fixtures.transport();
      send = pair[0].sender();
      receive = pair[1].receiver();
      bare = Cipher.getInstance("AES/GCM/NoPadding");
      key = new SecretKeySpec(Fixtures.bytes(32, 7), "AES");
      nonce = 0;
    }
  }

  /**
   * A one-frame DATA message the way the transport carries it (docs/adr/1106): its header and body
   * encrypted into a direct buffer ({@code FrameEncoder}), decrypted in place, decoded as a view
   * and copied out as the message ({@code InboundFrames}). Same bytes through AES-GCM as the
   * baseline.
   */
  @Benchmark
  public byte[] rttTransportRoundTrip(Transport t) throws Exception {
    Frame frame = Frame.over(FrameType.DATA, Frame.FLAG_FIN, 3, 0, t.body.duplicate());
    ByteBuffer wire = t.wire.clear();
    t.send.encryptWithAd(NO_AD, FrameCodec.header(frame), frame.bodyView(), wire);
    ByteBuffer received =
        FrameCodec.decode(t.receive.decryptInPlace(NO_AD, wire.flip())).bodyView();
    byte[] message = new byte[received.remaining()];
    received.get(message);
    return message;
  }

  @Benchmark
  public byte[] baselineBareAesGcmRoundTrip(Transport t) throws Exception {
    byte[] iv = new byte[12];
    long n = t.nonce++;
    for (int i = 0; i < 8; i++) {
      iv[11 - i] = (byte) (n >>> (8 * i));
    }
    t.bare.init(Cipher.ENCRYPT_MODE, t.key, new GCMParameterSpec(128, iv));
    byte[] c = t.bare.doFinal(t.plaintext);
    t.bare.init(Cipher.DECRYPT_MODE, t.key, new GCMParameterSpec(128, iv));
    return t.bare.doFinal(c);
  }

  /** Identities and randomness for handshakes. */
  @State(Scope.Thread)
  public static class Handshakes {
    AgentKeyPair initiator;
    AgentKeyPair responder;
    org.web4.rtt.noise.Curve25519KeyPair initiatorStatic;
    org.web4.rtt.noise.Curve25519KeyPair responderStatic;
    SecureRandom random;
    byte[] privateKey;
    byte[] publicKey;

    @Setup(Level.Trial)
    public void setUp() {
      random = new SecureRandom();
      initiator = AgentKeyPair.generate(random);
      responder = AgentKeyPair.generate(random);
      initiatorStatic = org.web4.rtt.noise.Curve25519KeyPair.generate(random);
      responderStatic = org.web4.rtt.noise.Curve25519KeyPair.generate(random);
      privateKey = Fixtures.bytes(32, 11);
      publicKey = new byte[32];
      X25519.generatePublicKey(privateKey, 0, publicKey, 0);
    }
  }

  /** One RTT handshake, both sides, identity payloads created and verified. */
  @Benchmark
  public void rttHandshake(Handshakes h) throws Exception {
    Fixtures.fullHandshake(
        h.initiator, h.initiatorStatic, h.responder, h.responderStatic, h.random);
  }

  /**
   * One X25519 operation: a handshake does 8 (an ephemeral key on each side, and ee, es, se on each
   * side); with 2 Ed25519 signatures and 2 verifications that bounds the handshake rate.
   */
  @Benchmark
  public byte[] baselineX25519(Handshakes h) {
    byte[] out = new byte[32];
    X25519.calculateAgreement(h.privateKey, 0, h.publicKey, 0, out, 0);
    return out;
  }
}
