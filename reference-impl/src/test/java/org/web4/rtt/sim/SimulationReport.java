package org.web4.rtt.sim;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** What a simulation run did and measured (docs/reliability.md records these). */
record SimulationReport(
    long seed,
    Duration simulated,
    Duration wall,
    Duration cpu,
    long steps,
    Map<String, Long> faults,
    long disconnects,
    long linksMade,
    long resumeAttempts,
    long resumed,
    Map<String, Long> fresh,
    long freshDials,
    Map<String, Long> attemptFailures,
    Map<String, Long> sessionEnds,
    long timeouts,
    long sent,
    long bytesSent,
    long refusedByPolicy,
    long taken,
    long bytesDelivered,
    DeliveryLedger.Accounting accounting,
    long maxRetainedBytes,
    long maxRetainedMessages,
    long maxSendQueueMessages,
    long maxPipeBytes,
    int maxSessions,
    int maxConnections,
    long digest) {

  /** Disconnects per second of CPU (wall) time: what decides how long a run may be in CI. */
  double disconnectsPerWallSecond() {
    return disconnects / Math.max(0.001, wall.toMillis() / 1000.0);
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "seed %d: %s simulated in %.1f s wall, %.1f s CPU of its thread (%d steps)%n"
            + "  faults %s%n"
            + "  disconnects %d (of %d connections), %.0f per wall second%n"
            + "  resumes: %d attempted, %d resumed, fresh %s; fresh dials %d; failed attempts %s%n"
            + "  sessions ended %s; TIMEOUT closes %d%n"
            + "  messages: %d sent (%d MB), %d refused by the send-queue policy, %d taken;"
            + " %d MB delivered on the network%n"
            + "  accounting: %s%n"
            + "  maxima: retained %d bytes / %d messages per session, send queue %d messages,"
            + " %d bytes in flight per pipe, %d sessions and %d connections per endpoint%n"
            + "  trace digest %016x",
        seed,
        simulated,
        wall.toMillis() / 1000.0,
        cpu.toMillis() / 1000.0,
        steps,
        faults,
        disconnects,
        linksMade,
        disconnectsPerWallSecond(),
        resumeAttempts,
        resumed,
        fresh,
        freshDials,
        attemptFailures,
        sessionEnds,
        timeouts,
        sent,
        bytesSent / 1_000_000,
        refusedByPolicy,
        taken,
        bytesDelivered / 1_000_000,
        accounting,
        maxRetainedBytes,
        maxRetainedMessages,
        maxSendQueueMessages,
        maxPipeBytes,
        maxSessions,
        maxConnections,
        digest);
  }
}
