package org.web4.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.web4.conformance.model.Profile;

/** The workers of a run without {@code --jobs} (docs/adr/1109). */
class DefaultJobsTest {

  @Test
  void twiceTheProcessorsTwoToFour() {
    assertThat(DefaultJobs.forProcessors(1)).isEqualTo(2);
    assertThat(DefaultJobs.forProcessors(2)).isEqualTo(4);
    assertThat(DefaultJobs.forProcessors(3)).isEqualTo(4);
    assertThat(DefaultJobs.forProcessors(64)).isEqualTo(4);
  }

  @Test
  void aLaunchedImplementationOnePerProcessorTwoToFour() {
    assertThat(DefaultJobs.forLaunchedProcesses(1)).isEqualTo(2);
    assertThat(DefaultJobs.forLaunchedProcesses(2)).isEqualTo(2);
    assertThat(DefaultJobs.forLaunchedProcesses(3)).isEqualTo(3);
    assertThat(DefaultJobs.forLaunchedProcesses(64)).isEqualTo(4);
  }

  @Test
  void robustnessRunsSerially() {
    assertThat(DefaultJobs.of(null, Profile.ROBUSTNESS)).isEqualTo(1);
    assertThat(DefaultJobs.of(null, Profile.FULL)).isBetween(2, 4);
  }
}
