package org.web4.conformance.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidencesTest {

  @Test
  void aDiffNamesTheFirstDifferingByteAndShowsBothSidesDecodedAndInHex() {
    Evidence d =
        java.util.Objects.requireNonNull(
            Evidences.diff(
                "canonical form",
                "{\"n\":56}".getBytes(StandardCharsets.UTF_8),
                "{\"n\":56.0}".getBytes(StandardCharsets.UTF_8)));

    assertThat(d.kind()).isEqualTo(Evidence.Kind.DIFF);
    assertThat(d.label()).isEqualTo("canonical form (first difference at byte 7)");
    assertThat(d.text()).isEqualTo("expected: {\"n\":56}\nactual:   {\"n\":56.0}\n");
    assertThat(d.hex()).isEqualTo("expected: 7b226e223a35367d\nactual:   7b226e223a35362e307d\n");
    assertThat(d.bytes()).isEqualTo(10);
  }

  @Test
  void aPrefixDiffersWhereTheShorterEnds() {
    assertThat(Evidences.firstDifference(new byte[] {1, 2}, new byte[] {1, 2, 3})).isEqualTo(2);
    assertThat(Evidences.firstDifference(new byte[] {1, 2}, new byte[] {1, 2})).isEqualTo(-1);
    assertThat(Evidences.diff("x", new byte[] {1}, new byte[] {1})).isNull();
  }

  @Test
  void bytesThatAreNotUtf8AreDescribedBesideTheirHex() {
    Evidence e = Evidences.bytes("reply", new byte[] {(byte) 0xff, 0x00}, true);

    assertThat(e.kind()).isEqualTo(Evidence.Kind.TEXT);
    assertThat(e.text()).isEqualTo("(2 bytes, not UTF-8)");
    assertThat(e.hex()).isEqualTo("ff00");
  }

  @Test
  void aBigPayloadIsCutAndStatesItsFullSize() {
    byte[] big = ("[\"" + "a".repeat(20_000) + "\"]").getBytes(StandardCharsets.UTF_8);

    Evidence e = Evidences.bytes("envelope", big, true);

    assertThat(e.truncated()).isTrue();
    assertThat(e.bytes()).isEqualTo(20_004);
    assertThat(e.text()).hasSize(Evidences.LIMIT);
    assertThat(e.hex()).hasSize(Evidences.LIMIT);
  }

  @Test
  void aTranscriptIsOneFramePerLine() {
    Evidence t = Evidences.transcript("RTT transcript", List.of("→ HELLO", "← HELLO", "→ DATA"));

    assertThat(t.kind()).isEqualTo(Evidence.Kind.TRANSCRIPT);
    assertThat(t.text().lines()).containsExactly("→ HELLO", "← HELLO", "→ DATA");
    assertThat(t.truncated()).isFalse();
  }
}
