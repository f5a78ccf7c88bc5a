package org.web4.conformance.rtt;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import org.web4.conformance.rtt.TesterPeer.Received;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.NoiseException;

/**
 * The one receive loop of a tester connection (spec/rtt.md §2, §4): reads each length-prefixed
 * transport message, decrypts and decodes it once, and hands the result to everyone who needs it,
 * in order — the transcript, the connection's observers (the wire judge), the send windows
 * (CREDIT), and the queue the steps read from. It also reassembles the implementation's messages
 * from its DATA frames, so that a complete message travels with the frame that finished it.
 */
final class ReceiveLoop implements Runnable {
  /** How a connection ended whose last transport message arrived in part. */
  static final String CUT = "FIN inside a transport message";

  private final DataInputStream in;
  private final CipherState cipher;
  private final Transcript transcript;
  private final WireObserver observer;
  private final SendWindows windows;
  private final BlockingQueue<Received> queue;
  private final BooleanSupplier closedByTester;
  private final ReadGate gate;
  private final Map<Integer, ByteArrayOutputStream> assembling = new HashMap<>();

  ReceiveLoop(
      DataInputStream in,
      CipherState cipher,
      Transcript transcript,
      WireObserver observer,
      SendWindows windows,
      BlockingQueue<Received> queue,
      BooleanSupplier closedByTester,
      ReadGate gate) {
    this.in = in;
    this.cipher = cipher;
    this.transcript = transcript;
    this.observer = observer;
    this.windows = windows;
    this.queue = queue;
    this.closedByTester = closedByTester;
    this.gate = gate;
  }

  @Override
  public void run() {
    String how = "the tester closed it";
    try {
      how = readUntilEnd();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SocketTimeoutException e) {
      // The tester's silence guard (TesterPeer.SILENCE_GUARD), longer than any step waits: it
      // frees this thread; silence is not an end of the connection, so the steps see nothing
      // (they wait for what they expect until their own deadline).
      how = "the tester stopped reading: " + e.getMessage();
      transcript.received("(the tester stops reading: nothing came for its silence guard)");
    } catch (IOException e) {
      if (!closedByTester.getAsBoolean()) {
        how = "reset: " + e.getMessage();
        transcript.received("(connection ended: " + e.getMessage() + ")");
        queue.add(new Received(Received.Kind.CLOSED, null, how));
      }
    } finally {
      observer.ended(how);
    }
  }

  /** Reads until the connection ends; returns how it ended. */
  private String readUntilEnd() throws IOException, InterruptedException {
    while (!closedByTester.getAsBoolean()) {
      gate.awaitOpen(closedByTester);
      int hi = in.read();
      if (hi < 0) {
        transcript.received("(connection closed)");
        queue.add(new Received(Received.Kind.CLOSED, null, "FIN"));
        return "FIN";
      }
      int lo = in.read();
      if (lo < 0) {
        transcript.received("(connection closed inside a length prefix)");
        queue.add(new Received(Received.Kind.CLOSED, null, "FIN inside a length prefix"));
        return "FIN inside a length prefix";
      }
      byte[] m = new byte[(hi << 8) | lo];
      try {
        in.readFully(m);
      } catch (EOFException e) {
        // The implementation ended the connection in the middle of a transport message (what
        // RTT-LIM-009 allows only once its transport took nothing for 30 s): the end, not a frame.
        transcript.received("(connection closed inside a transport message)");
        queue.add(new Received(Received.Kind.CLOSED, null, CUT));
        return CUT;
      }
      byte[] plain;
      try {
        plain = cipher.decryptWithAd(new byte[0], m);
      } catch (NoiseException e) {
        transcript.received("(a transport message that does not authenticate)");
        observer.unreadableReceived(null, "a transport message that does not authenticate");
        queue.add(new Received(Received.Kind.UNREADABLE, null, "does not authenticate"));
        return "a transport message that does not authenticate";
      }
      Optional<RawFrame> f = RawFrame.decode(plain);
      if (f.isEmpty()) {
        String detail = "a plaintext of " + plain.length + " bytes: shorter than a header";
        transcript.received("(" + detail + ")");
        observer.unreadableReceived(plain, detail);
        queue.add(new Received(Received.Kind.UNREADABLE, null, "plaintext shorter than a header"));
        continue;
      }
      handle(f.get());
    }
    return "the tester closed it";
  }

  private void handle(RawFrame frame) {
    transcript.received(frame.describe());
    observer.frameReceived(frame);
    if (frame.is(FrameType.CREDIT) && frame.bodyUint32() > 0) {
      windows.credited(frame.channel(), frame.bodyUint32());
    }
    byte[] message = null;
    if (frame.is(FrameType.DATA)) {
      ByteArrayOutputStream buf =
          assembling.computeIfAbsent(frame.channel(), k -> new ByteArrayOutputStream());
      buf.writeBytes(frame.body());
      if ((frame.flags() & Frame.FLAG_FIN) != 0) {
        message = buf.toByteArray();
        buf.reset();
        observer.messageReceived(frame.channel(), message, frame.sequence());
      }
    }
    queue.add(new Received(Received.Kind.FRAME, frame, "", message));
  }
}
