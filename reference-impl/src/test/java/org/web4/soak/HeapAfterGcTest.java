package org.web4.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapAfterGcTest {
  @Test
  void aCollectionReportsTheHeapItKeptAndItGrowsWithWhatIsKept() {
    System.gc();
    long before = HeapAfterGc.mib();
    byte[][] kept = new byte[64][];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = new byte[1 << 20];
    }
    System.gc();
    long after = HeapAfterGc.mib();
    assertThat(kept[kept.length - 1]).hasSize(1 << 20); // still reachable here
    assertThat(before).isNotNegative();
    assertThat(after).isGreaterThanOrEqualTo(before + 60);
    assertThat(after).isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() >> 20);
  }
}
