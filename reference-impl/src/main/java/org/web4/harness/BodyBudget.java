package org.web4.harness;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies the harness holds at once, over every connection: a body that would
 * go beyond {@link HarnessLimits#MAX_BUFFERED_BODY_BYTES} is refused 503 BUSY, so that memory stays
 * bounded however many connections send bodies (spec/harness.md §6).
 */
final class BodyBudget {
  private final long limit;
  private final AtomicLong held = new AtomicLong();

  BodyBudget(long limit) {
    this.limit = limit;
  }

  /** Takes {@code bytes} from the budget; false (and nothing taken) when they do not fit. */
  boolean reserve(long bytes) {
    while (true) {
      long now = held.get();
      if (now + bytes > limit) {
        return false;
      }
      if (held.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    if (bytes > 0) {
      held.addAndGet(-bytes);
    }
  }

  long held() {
    return held.get();
  }
}
