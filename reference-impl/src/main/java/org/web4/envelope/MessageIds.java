package org.web4.envelope;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.UUID;

/**
 * [ENV-MSG-001] A {@code msg_id} is a lowercase RFC 9562 UUID version 4: 122 random bits with the
 * version nibble 4 and the variant bits 10. Drawn from the caller's random source, so that a seeded
 * run (the kit's tester, a test of the reference) replays the same ids.
 */
public final class MessageIds {
  private MessageIds() {}

  /** A version 4 UUID from 16 bytes of {@code random}. */
  public static UUID v4(Random random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    ByteBuffer bb = ByteBuffer.wrap(b);
    return v4(bb.getLong(), bb.getLong());
  }

  /** A version 4 UUID from two random longs: the version and variant bits overwritten. */
  public static UUID v4(long high, long low) {
    long hi = (high & ~0xF000L) | 0x4000L;
    long lo = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo);
  }
}
