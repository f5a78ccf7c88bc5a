package org.web4.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** [MESH-RLY-002] 600 s by the caller's clock, or until 4,096 newer ids (Table 4.8). */
class MeshIdMemoryTest {
  private static final Instant T0 = MeshKeys.NOW;
  private final MeshIdMemory memory = new MeshIdMemory();

  @Test
  void anIdIsRememberedFor600SecondsAndForgottenAfter() {
    memory.remember("a", T0);
    assertThat(memory.remembers("a", T0.plusSeconds(600))).isTrue();
    assertThat(memory.size(T0.plusSeconds(600))).isEqualTo(1);
    assertThat(memory.remembers("a", T0.plusSeconds(601))).isFalse();
    assertThat(memory.size(T0.plusSeconds(601))).isZero();
  }

  @Test
  void the4097thNewerIdPushesTheOldestOut() {
    memory.remember("oldest", T0);
    for (int i = 0; i < MeshIdMemory.CAPACITY - 1; i++) {
      memory.remember("id-" + i, T0);
    }
    assertThat(memory.remembers("oldest", T0)).isTrue();
    memory.remember("one-more", T0);
    assertThat(memory.remembers("oldest", T0)).isFalse();
    assertThat(memory.remembers("id-0", T0)).isTrue();
    assertThat(memory.size(T0)).isEqualTo(MeshIdMemory.CAPACITY);
  }

  @Test
  void clearForgetsEverything() {
    memory.remember("a", T0);
    memory.clear();
    assertThat(memory.remembers("a", T0)).isFalse();
  }
}
