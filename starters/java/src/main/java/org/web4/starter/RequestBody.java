package org.web4.starter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body with the bound of spec/harness.md HAR-LIM-001: up to and including 4 MiB is
 * read; a longer body, announced or not (chunked), is 413 TOO_LARGE and is never buffered beyond
 * the limit.
 */
final class RequestBody {
  /** [HAR-LIM-001] 4,194,304 bytes. */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  /** After a 413 up to this much more is read and dropped, so that the client reads the answer. */
  private static final long DISCARD_BYTES = 64L * 1024 * 1024;

  private RequestBody() {}

  /**
   * @param announced the Content-Length, or -1 when the body does not announce its length
   */
  static byte[] read(InputStream in, long announced) throws IOException, Refusal {
    if (announced > MAX_BYTES) {
      // [HAR-LIM-004] refused at once, before any of the body: the JDK server closes the
      // connection after the answer instead of reading what is left
      throw tooLarge(announced + " bytes");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(announced > 0 ? (int) announced : 1024);
    byte[] buffer = new byte[16 * 1024];
    long total = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      total += n;
      if (total > MAX_BYTES) {
        drain(in);
        throw tooLarge("more than " + MAX_BYTES + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** Reads and drops what is left of the body, at most {@link #DISCARD_BYTES}. */
  /** Reads and drops what is left of a refused request body, at most {@code DISCARD_BYTES}. */
  static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = DISCARD_BYTES;
    for (int n = in.read(buffer); n >= 0 && left > 0; n = in.read(buffer)) {
      left -= n;
    }
  }

  private static Refusal tooLarge(String size) {
    return new Refusal(413, "TOO_LARGE", "a body of " + size + " is over " + MAX_BYTES + " bytes");
  }
}
