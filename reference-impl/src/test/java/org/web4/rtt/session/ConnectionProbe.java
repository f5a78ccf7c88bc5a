package org.web4.rtt.session;

/** What tests of other packages read of a connection's insides (for barriers, not for verdicts). */
public final class ConnectionProbe {
  private ConnectionProbe() {}

  /** Bytes of unfinished messages the connection holds. */
  public static long unfinishedBytes(RttConnection c) {
    return c.unfinishedBytes();
  }

  /** Frames processed from the peer. */
  public static long framesReceived(RttConnection c) {
    return c.in.framesReceived();
  }
}
