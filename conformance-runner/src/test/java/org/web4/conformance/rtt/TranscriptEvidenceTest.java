package org.web4.conformance.rtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.web4.conformance.model.Evidence;

class TranscriptEvidenceTest {

  /** Issue 16: a transcript in a failure message became one run-on line in the HTML report. */
  @Test
  void aFailureMessagesTranscriptBecomesOneFramePerLineEvidence() {
    Transcript t = new Transcript();
    t.sent("HELLO channel=control");
    t.received("ERROR code=TRUST_VIOLATION");

    TranscriptEvidence split =
        TranscriptEvidence.of(
            "step: Then it refuses\nexpected a refusal" + Transcript.HEADING + t.render());

    assertThat(split.message()).isEqualTo("step: Then it refuses\nexpected a refusal");
    assertThat(split.evidence()).hasSize(1);
    Evidence e = split.evidence().get(0);
    assertThat(e.kind()).isEqualTo(Evidence.Kind.TRANSCRIPT);
    assertThat(e.label()).isEqualTo("RTT transcript");
    assertThat(e.text().lines())
        .containsExactly(
            "tester → IUT  HELLO channel=control", "IUT → tester  ERROR code=TRUST_VIOLATION");
  }

  @Test
  void aMessageWithoutTranscriptIsKeptWhole() {
    TranscriptEvidence split = TranscriptEvidence.of("expected 2 but was 3");

    assertThat(split.message()).isEqualTo("expected 2 but was 3");
    assertThat(split.evidence()).isEmpty();
  }
}
