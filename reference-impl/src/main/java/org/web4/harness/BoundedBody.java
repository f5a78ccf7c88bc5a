package org.web4.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body of at most {@link #MAX_BYTES} bytes [HAR-LIM-001]: never buffers more than
 * the limit plus one read, whatever the client announces or sends.
 */
final class BoundedBody {
  /** [HAR-LIM-001] The largest request body: 4 MiB. */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  /**
   * After the limit is exceeded, up to this many further bytes are read and discarded so that the
   * client, still sending, gets to read the 413 response; beyond that the connection is closed.
   */
  private static final long DISCARD_BYTES = 64L * 1024 * 1024;

  private BoundedBody() {}

  /** The body, or TOO_LARGE when it (or its announced Content-Length) exceeds the limit. */
  static byte[] read(InputStream in, long announcedLength) throws IOException, HarnessException {
    if (announcedLength > MAX_BYTES) {
      discard(in);
      throw tooLarge();
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(announcedLength > 0 ? (int) announcedLength : 1024);
    byte[] buffer = new byte[16 * 1024];
    int total = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      total += n;
      if (total > MAX_BYTES) {
        discard(in);
        throw tooLarge();
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** Reads and drops up to 64 MiB of what is left of a body; never buffers it. */
  static void discard(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = DISCARD_BYTES;
    for (int n = in.read(buffer); n >= 0 && left > 0; n = in.read(buffer)) {
      left -= n;
    }
  }

  private static HarnessException tooLarge() {
    return new HarnessException(
        HarnessError.TOO_LARGE, "the request body is larger than " + MAX_BYTES + " bytes");
  }
}
