package org.web4.conformance.rtt;

/**
 * Lets a tester connection stop reading its socket and start again (spec/rtt.md RTT-LIM-008,
 * RTT-LIM-009: a peer that does not read). While it is shut, the receive loop reads no further
 * transport message, so the kernel's buffers fill and the implementation's writes stall; the
 * message being read when it shuts is finished first.
 */
public final class ReadGate {
  private boolean shut;

  /** From now on the receive loop reads nothing more (after the message it may be reading). */
  public synchronized void shut() {
    shut = true;
  }

  /** The receive loop reads again. */
  public synchronized void open() {
    shut = false;
    notifyAll();
  }

  /** Waits while the gate is shut, or until {@code ended} says the connection is over. */
  synchronized void awaitOpen(java.util.function.BooleanSupplier ended)
      throws InterruptedException {
    while (shut && !ended.getAsBoolean()) {
      wait(200);
    }
  }
}
