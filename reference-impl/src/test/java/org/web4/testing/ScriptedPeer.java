package org.web4.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameCodec;
import org.web4.rtt.frame.FrameException;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.handshake.IdentityPayload;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.rtt.noise.HandshakeState;
import org.web4.rtt.noise.NoiseException;
import org.web4.rtt.noise.NoiseProtocol;
import org.web4.rtt.wire.NoiseMessageStream;

/**
 * The other end of a reference endpoint, written step by step in a test: it runs the Noise
 * handshake with a valid identity payload and then sends and reads single frames, so that a test
 * can do what a well-behaved endpoint would not (refuse after message 3, stay silent, …). Every
 * read is bounded by {@link #READ_TIMEOUT}.
 */
public final class ScriptedPeer implements AutoCloseable {
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private final NoiseMessageStream io;
  private final Curve25519KeyPair noiseStatic;
  private final HandshakeState handshake;
  private @Nullable CipherState sender;
  private @Nullable CipherState receiver;
  private long nextSequence;

  private ScriptedPeer(Socket socket, HandshakeState.Role role) throws IOException {
    socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
    this.io = new NoiseMessageStream(socket);
    SecureRandom random = new SecureRandom();
    this.noiseStatic = Curve25519KeyPair.generate(random);
    this.handshake =
        new HandshakeState(
            NoiseProtocol.RTT, role, RttHandshake.PROLOGUE, noiseStatic, null, null, random);
  }

  /** Dials {@code address} and completes the three handshake messages as initiator. */
  public static ScriptedPeer initiate(InetSocketAddress address, AgentKeyPair identity)
      throws IOException, NoiseException {
    Socket socket = new Socket();
    socket.connect(address, (int) READ_TIMEOUT.toMillis());
    ScriptedPeer p = new ScriptedPeer(socket, HandshakeState.Role.INITIATOR);
    p.io.write(p.handshake.writeMessage(new byte[0]));
    p.handshake.readMessage(p.io.read());
    p.io.write(p.handshake.writeMessage(p.payload("scripted-initiator", identity)));
    p.startTransport();
    return p;
  }

  /** Accepts one connection and answers the handshake as responder, up to message 3. */
  public static ScriptedPeer respond(ServerSocket listener, AgentKeyPair identity)
      throws IOException, NoiseException {
    listener.setSoTimeout((int) READ_TIMEOUT.toMillis());
    ScriptedPeer p = new ScriptedPeer(listener.accept(), HandshakeState.Role.RESPONDER);
    p.handshake.readMessage(p.io.read());
    p.io.write(p.handshake.writeMessage(p.payload("scripted-responder", identity)));
    p.handshake.readMessage(p.io.read());
    p.startTransport();
    return p;
  }

  private byte[] payload(String agentId, AgentKeyPair identity) {
    return IdentityPayload.create(agentId, identity, noiseStatic.publicKey());
  }

  private void startTransport() {
    sender = handshake.result().sender();
    receiver = handshake.result().receiver();
  }

  /** Sends one frame with the next sequence number. */
  public void send(FrameType type, int flags, int channel, byte[] body) throws IOException {
    try {
      io.write(
          Objects.requireNonNull(sender, "no transport yet")
              .encryptWithAd(
                  new byte[0],
                  FrameCodec.encode(new Frame(type, flags, channel, nextSequence++, body))));
    } catch (NoiseException e) {
      throw new IOException(e);
    }
  }

  /** A transport message whose authentication tag is wrong (one bit flipped). */
  public void sendUnauthenticated() throws IOException {
    try {
      byte[] m =
          Objects.requireNonNull(sender, "no transport yet")
              .encryptWithAd(
                  new byte[0],
                  FrameCodec.encode(new Frame(FrameType.PING, 0, 0, nextSequence++, new byte[8])));
      m[m.length - 1] ^= 0x01;
      io.write(m);
    } catch (NoiseException e) {
      throw new IOException(e);
    }
  }

  /** Sends {@code transportMessage} as it is, length prefix added: no encryption, no number. */
  public void sendRaw(byte[] transportMessage) throws IOException {
    io.write(transportMessage);
  }

  /** Sends one message as a single DATA frame with FIN. */
  public void sendMessage(int channel, byte[] message) throws IOException {
    send(FrameType.DATA, Frame.FLAG_FIN, channel, message);
  }

  /** The next frame the endpoint sends (at most {@link #READ_TIMEOUT}). */
  public Frame read() throws IOException {
    try {
      CipherState r = Objects.requireNonNull(receiver, "no transport yet");
      return FrameCodec.decode(r.decryptWithAd(new byte[0], io.read()));
    } catch (NoiseException | FrameException e) {
      throw new IOException(e);
    }
  }

  /** The next frame, or empty when the endpoint ended the connection first. */
  public java.util.Optional<Frame> readOrEnd() throws IOException {
    try {
      return java.util.Optional.of(read());
    } catch (java.io.EOFException | java.net.SocketException e) {
      return java.util.Optional.empty();
    }
  }

  /** Ends the TCP connection at once. */
  @Override
  public void close() {
    io.close();
  }
}
