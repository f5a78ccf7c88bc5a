package org.web4.rtt.resume;

import org.jspecify.annotations.Nullable;

/**
 * What the handshake of a resumable connection (both payloads list {@code "1.1"}) gives the session
 * layer (docs/drafts/rtt-resume.md §2.2, §4.1): the connection's own session keys, {@code h2} and
 * the resume request the initiator sent, if it sent one. Absent on an RTT 1.0 connection.
 */
@SuppressWarnings("ArrayRecordComponent") // h2 is handed over once, never compared
public record Resumption(SessionKeys keys, byte[] h2, @Nullable ResumeRequest request) {}
