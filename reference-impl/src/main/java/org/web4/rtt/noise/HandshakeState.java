package org.web4.rtt.noise;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Noise spec §5.3: one side of a handshake. The pattern is data; {@link #writeMessage} and {@link
 * #readMessage} run the same token loop. Every entry point checks the state: out of turn, after the
 * end, or after a failure is refused, and a failure wipes every secret.
 */
public final class HandshakeState {
  /** Which side this is. */
  public enum Role {
    INITIATOR,
    RESPONDER
  }

  /** Where the handshake is. */
  private enum Phase {
    IN_PROGRESS,
    DONE,
    FAILED
  }

  public static final int MAX_MESSAGE = 65535;

  private final NoiseProtocol protocol;
  private final Role role;
  private final SymmetricState symmetric;
  private final @Nullable Curve25519KeyPair s;
  private @Nullable Curve25519KeyPair e;
  private final SecureRandom random;
  private final byte @Nullable [] psk;
  private byte @Nullable [] rs;
  private byte @Nullable [] re;
  private int messageIndex;
  private Phase phase = Phase.IN_PROGRESS;
  private @Nullable HandshakeResult result;

  /**
   * @param s this side's static key (needed by patterns with {@code s})
   * @param e this side's ephemeral key, or null to generate one from {@code random} (tests inject
   *     it)
   * @param psk the 32-byte pre-shared key of psk patterns, or null
   */
  public HandshakeState(
      NoiseProtocol protocol,
      Role role,
      byte[] prologue,
      @Nullable Curve25519KeyPair s,
      @Nullable Curve25519KeyPair e,
      byte @Nullable [] psk,
      SecureRandom random) {
    if (protocol.pattern().usesPsk() && (psk == null || psk.length != 32)) {
      throw new IllegalArgumentException(protocol.name() + " needs a 32-byte pre-shared key");
    }
    this.protocol = protocol;
    this.role = role;
    this.s = s;
    this.e = e;
    this.psk = psk == null ? null : psk.clone();
    this.random = random;
    this.symmetric = new SymmetricState(protocol.cipher(), protocol.name());
    symmetric.mixHash(prologue);
  }

  /** Whether it is this side's turn to write. */
  public boolean isMyTurn() {
    boolean initiatorsTurn = messageIndex % 2 == 0;
    return phase == Phase.IN_PROGRESS && initiatorsTurn == (role == Role.INITIATOR);
  }

  public boolean isDone() {
    return phase == Phase.DONE;
  }

  /**
   * The handshake hash {@code h} as it stands now (Noise rev. 34 §5.2): after message 2 it is the
   * {@code h2} an RTT 1.1 resume binder covers (docs/drafts/rtt-resume.md §4.1).
   */
  public byte[] handshakeHash() {
    return symmetric.handshakeHash();
  }

  /** The peer's static public key, once a handshake message carrying it was read. */
  public byte @Nullable [] remoteStaticKey() {
    return rs == null ? null : rs.clone();
  }

  /** The handshake's outcome, once the last message was written or read. */
  public HandshakeResult result() {
    HandshakeResult r = result;
    if (r == null) {
      throw new IllegalStateException("the handshake is not finished");
    }
    return r;
  }

  public byte[] writeMessage(byte[] payload) throws NoiseException {
    guard(true);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (HandshakePattern.Token token : tokens()) {
        switch (token) {
          case E:
            Curve25519KeyPair ephemeral = e;
            if (ephemeral == null) {
              ephemeral = Curve25519KeyPair.generate(random);
              e = ephemeral;
            }
            byte[] pub = ephemeral.publicKey();
            out.writeBytes(pub);
            symmetric.mixHash(pub);
            if (protocol.pattern().usesPsk()) {
              symmetric.mixKey(pub);
            }
            break;
          case S:
            out.writeBytes(symmetric.encryptAndHash(require(s, "s").publicKey()));
            break;
          default:
            mix(token);
        }
      }
      out.writeBytes(symmetric.encryptAndHash(payload));
      byte[] message = out.toByteArray();
      if (message.length > MAX_MESSAGE) {
        throw new NoiseException(NoiseException.Reason.MESSAGE_TOO_LONG, message.length + " bytes");
      }
      advance();
      return message;
    } catch (NoiseException | RuntimeException ex) {
      fail();
      throw ex;
    }
  }

  public byte[] readMessage(byte[] message) throws NoiseException {
    guard(false);
    try {
      if (message.length > MAX_MESSAGE) {
        throw new NoiseException(NoiseException.Reason.MESSAGE_TOO_LONG, message.length + " bytes");
      }
      int at = 0;
      for (HandshakePattern.Token token : tokens()) {
        switch (token) {
          case E:
            re = take(message, at, Curve25519KeyPair.DHLEN);
            at += Curve25519KeyPair.DHLEN;
            symmetric.mixHash(re);
            if (protocol.pattern().usesPsk()) {
              symmetric.mixKey(re);
            }
            break;
          case S:
            int len =
                Curve25519KeyPair.DHLEN + (symmetric.hasKey() ? CipherFunction.TAG_LENGTH : 0);
            rs = symmetric.decryptAndHash(take(message, at, len));
            at += len;
            break;
          default:
            mix(token);
        }
      }
      byte[] payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, at, message.length));
      advance();
      return payload;
    } catch (NoiseException | RuntimeException ex) {
      fail();
      throw ex;
    }
  }

  private void mix(HandshakePattern.Token token) throws NoiseException {
    boolean initiator = role == Role.INITIATOR;
    switch (token) {
      case EE:
        symmetric.mixKey(require(e, "e").dh(require(re, "re")));
        break;
      case ES:
        symmetric.mixKey(
            initiator
                ? require(e, "e").dh(require(rs, "rs"))
                : require(s, "s").dh(require(re, "re")));
        break;
      case SE:
        symmetric.mixKey(
            initiator
                ? require(s, "s").dh(require(re, "re"))
                : require(e, "e").dh(require(rs, "rs")));
        break;
      case SS:
        symmetric.mixKey(require(s, "s").dh(require(rs, "rs")));
        break;
      case PSK:
        symmetric.mixKeyAndHash(require(psk, "psk"));
        break;
      default:
        throw new IllegalStateException("not a DH or PSK token: " + token);
    }
  }

  private List<HandshakePattern.Token> tokens() {
    return protocol.pattern().messages().get(messageIndex);
  }

  private void guard(boolean writing) throws NoiseException {
    if (phase == Phase.FAILED) {
      throw new NoiseException(NoiseException.Reason.FAILED, "the handshake failed earlier");
    }
    if (phase == Phase.DONE) {
      throw new NoiseException(NoiseException.Reason.OUT_OF_TURN, "the handshake is finished");
    }
    boolean initiatorsTurn = messageIndex % 2 == 0;
    boolean mine = initiatorsTurn == (role == Role.INITIATOR);
    if (mine != writing) {
      throw new NoiseException(
          NoiseException.Reason.OUT_OF_TURN,
          (writing ? "cannot write" : "cannot read")
              + " message "
              + (messageIndex + 1)
              + " as "
              + role);
    }
  }

  private void advance() {
    messageIndex++;
    if (messageIndex == protocol.pattern().messages().size()) {
      byte[] h = symmetric.handshakeHash();
      byte[] ck = symmetric.chainingKey();
      CipherState[] split = symmetric.split();
      boolean initiator = role == Role.INITIATOR;
      result =
          new HandshakeResult(
              initiator ? split[0] : split[1],
              initiator ? split[1] : split[0],
              h,
              rs == null ? null : rs.clone(),
              ck);
      phase = Phase.DONE;
      wipeEphemeral();
    }
  }

  private void fail() {
    phase = Phase.FAILED;
    symmetric.wipe();
    wipeEphemeral();
    if (psk != null) {
      Arrays.fill(psk, (byte) 0);
    }
  }

  private void wipeEphemeral() {
    Curve25519KeyPair ephemeral = e;
    if (ephemeral != null) {
      ephemeral.wipe();
    }
  }

  private static byte[] take(byte[] message, int at, int len) throws NoiseException {
    if (at + len > message.length) {
      throw new NoiseException(NoiseException.Reason.TRUNCATED, "message ends inside a token");
    }
    return Arrays.copyOfRange(message, at, at + len);
  }

  private static <T> T require(@Nullable T value, String name) {
    if (value == null) {
      throw new IllegalStateException("the pattern needs " + name + " but it is not set");
    }
    return value;
  }
}
