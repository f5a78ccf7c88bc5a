package org.web4.rtt.session;

/**
 * A frame of a type outside Table 4 that {@link FrameEncoder} numbers and encrypts like the others:
 * the RESUME frame of RTT 1.1 (docs/drafts/rtt-resume.md §4.2), channel 0, no flags.
 */
@SuppressWarnings("ArrayRecordComponent") // handed to the encoder once, never compared
record RawOutboundFrame(int type, byte[] body) {}
