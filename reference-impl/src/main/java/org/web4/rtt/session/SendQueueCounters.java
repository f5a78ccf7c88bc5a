package org.web4.rtt.session;

/**
 * What a connection's send-queue policy did since the connection opened, all channels together
 * (spec/rtt.md §9.1, harness.md HAR-RTT-005).
 *
 * @param dropped messages a {@code drop_oldest} or {@code drop_newest} policy discarded
 * @param refused sends refused with {@link RttBackpressureException} because the queue was full
 * @param blocked sends a {@code block} policy made wait (whether they then went or were refused)
 */
public record SendQueueCounters(long dropped, long refused, long blocked) {
  public static final SendQueueCounters NONE = new SendQueueCounters(0, 0, 0);
}
