package org.web4.harness;

import java.time.Duration;

/**
 * Every bound of the harness HTTP server in one place (spec/harness.md §6), each with the
 * requirement it keeps.
 */
final class HarnessLimits {
  /** [HAR-LIM-001] The largest request body: 4 MiB. */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** [HAR-LIM-005] The longest request line (method, target, version) the harness reads. */
  static final int MAX_REQUEST_LINE_BYTES = 16 * 1024;

  /** [HAR-LIM-005] The longest header section (all header lines together). */
  static final int MAX_HEADER_BYTES = 64 * 1024;

  /** [HAR-LIM-007] Connections open at once; one more is answered 503 BUSY and closed. */
  static final int MAX_CONNECTIONS = 1024;

  /** [HAR-LIM-007] The kernel's queue of connections not yet accepted. */
  static final int BACKLOG = 1024;

  /**
   * Bytes of request bodies held at once, over every connection: 16 bodies of the largest size. A
   * body that would go beyond it is answered 503 BUSY (spec/harness.md Table 5).
   */
  static final long MAX_BUFFERED_BODY_BYTES = 16L * MAX_BODY_BYTES;

  /**
   * [HAR-LIM-002] A request (headers and body) must have arrived within this time of the
   * connection's opening or of the previous response; an idle keep-alive connection is closed after
   * it too.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** A response must have been written within this time, or the connection is closed. */
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * After a refusal the harness half-closes and reads (and drops) what the client still sends for
   * up to this long, so that the client reads the refusal instead of a reset [HAR-LIM-004].
   */
  static final Duration LINGER = Duration.ofSeconds(5);

  /** Operation threads; an operation that waits (rtt/dial) holds one of them. */
  static final int WORKER_THREADS = 4;

  private HarnessLimits() {}
}
