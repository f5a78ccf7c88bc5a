package org.web4.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import org.web4.rtt.wire.NoiseMessageStream;

/**
 * The length-prefixed Noise message stream (spec/rtt.md §2, [RTT-WIRE-001]): any byte stream is
 * read as whole messages until a clean end or a truncated one, which is an {@link EOFException};
 * nothing else escapes. Writing the messages read gives back the bytes they came from.
 */
class NoiseStreamFuzzTest {

  @FuzzTest
  void readMessages(byte[] stream) throws IOException {
    ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
    boolean clean;
    try (NoiseMessageStream in = new NoiseMessageStream(new BytesSocket(stream, null));
        NoiseMessageStream out = new NoiseMessageStream(new BytesSocket(new byte[0], rewritten))) {
      clean = readAll(in, out);
      out.flush();
    }
    byte[] again = rewritten.toByteArray();
    assertTrue(again.length <= stream.length);
    if (clean) {
      assertArrayEquals(stream, again, "write(read(stream)) == stream");
    } else {
      assertArrayEquals(Arrays.copyOf(stream, again.length), again, "the whole messages before");
    }
  }

  /** Reads to the end; true when the stream ended between two messages. */
  private static boolean readAll(NoiseMessageStream in, NoiseMessageStream out) throws IOException {
    while (true) {
      byte[] message;
      try {
        message = in.read();
      } catch (EOFException end) {
        return "the peer closed the connection".equals(end.getMessage());
      }
      assertTrue(message.length <= NoiseMessageStream.MAX_MESSAGE);
      out.writeBuffered(message);
    }
  }

  /** A socket whose input is fixed bytes and whose output is collected; never connected. */
  private static final class BytesSocket extends Socket {
    private final InputStream in;
    private final OutputStream out;

    BytesSocket(byte[] input, @org.jspecify.annotations.Nullable OutputStream out) {
      this.in = new ByteArrayInputStream(input);
      this.out = out == null ? OutputStream.nullOutputStream() : out;
    }

    @Override
    public InputStream getInputStream() {
      return in;
    }

    @Override
    public OutputStream getOutputStream() {
      return out;
    }
  }
}
