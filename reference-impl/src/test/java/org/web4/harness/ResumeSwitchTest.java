package org.web4.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.RttEvent;

/**
 * Harness 1.2 {@code rtt/resume} through the agent (spec/harness.md §4.15): [HAR-RES-001] on and
 * off; [HAR-RES-002] {@code reset} restores the setting the agent was started with.
 */
class ResumeSwitchTest {
  private final SecureRandom random = new SecureRandom();
  private final ReferenceAgent agent =
      new ReferenceAgent(
          new HarnessBackend.Implementation("web4-reference", "test"),
          "reference",
          AgentKeyPair.generate(random),
          new AdjustableClock(Clock.systemUTC()),
          random,
          RttEvent.Sink.none());

  @AfterEach
  void close() {
    agent.close();
  }

  @Test
  void resumeIsTurnedOnAndOffAndResetRestoresTheStartupSetting() {
    agent.rememberStartupResume();
    assertThat(agent.endpoint().resumeEnabled()).isFalse();
    agent.setResume(true);
    assertThat(agent.endpoint().resumeEnabled()).isTrue();
    agent.reset();
    assertThat(agent.endpoint().resumeEnabled()).isFalse();

    agent.endpoint().enableResume(true); // as `web4 serve --rtt-resume` starts it
    agent.rememberStartupResume();
    agent.setResume(false);
    agent.reset();
    assertThat(agent.endpoint().resumeEnabled()).isTrue();
  }

  @Test
  void theReferenceListsTheCapabilityWithAnAgent() {
    assertThat(ReferenceBackend.AGENT_CAPABILITIES).contains("rtt_resume");
    assertThat(ReferenceBackend.CAPABILITIES).doesNotContain("rtt_resume");
  }
}
