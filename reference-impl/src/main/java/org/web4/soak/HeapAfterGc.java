package org.web4.soak;

import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * This JVM's heap in use right after its most recent garbage collection: what the agents it runs
 * actually keep. Its resident memory alone cannot say that, since G1 grows the heap towards {@code
 * -Xmx} when it has room (the soak's own RSS rose for an hour while its live set stayed 27–35 MiB,
 * ADR 1419); a leak shows as a rising floor of this figure.
 */
final class HeapAfterGc {
  private HeapAfterGc() {}

  /** MiB of heap in use after the latest collection, or -1 before the first one. */
  static long mib() {
    @Nullable GcInfo latest = null;
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (bean instanceof com.sun.management.GarbageCollectorMXBean collector) {
        @Nullable GcInfo info = collector.getLastGcInfo();
        if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
          latest = info;
        }
      }
    }
    if (latest == null) {
      return -1;
    }
    Set<String> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool : latest.getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    return used >> 20;
  }
}
