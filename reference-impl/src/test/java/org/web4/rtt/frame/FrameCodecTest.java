package org.web4.rtt.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

  @Test
  void theLayoutIsTheDiagrams() throws Exception {
    Frame f = new Frame(FrameType.DATA, Frame.FLAG_FIN, 2, 0x01020304L, new byte[] {(byte) 0xAB});
    assertThat(HexFormat.of().formatHex(FrameCodec.encode(f))).isEqualTo("040100020102030" + "4ab");
    assertThat(FrameCodec.decode(FrameCodec.encode(f))).isEqualTo(f);
  }

  @Test
  void everyFrameRoundTrips() {
    List<FrameType> types = List.of(FrameType.values());
    org.quicktheories.core.Gen<Frame> frames =
        in ->
            new Frame(
                types.get(integers().between(0, types.size() - 1).generate(in)),
                integers().between(0, 0xFF).generate(in),
                integers().between(0, 0xFFFF).generate(in),
                longs().between(0, 0xFFFF_FFFFL).generate(in),
                new byte[integers().between(0, 300).generate(in)]);
    qt().withFixedSeed(41L)
        .withExamples(500)
        .forAll(frames)
        .check(
            f -> {
              try {
                return FrameCodec.decode(FrameCodec.encode(f)).equals(f);
              } catch (FrameException e) {
                return false;
              }
            });
  }

  @Test
  void malformedFramesAreRefused() {
    assertThatThrownBy(() -> FrameCodec.decode(new byte[7]))
        .isInstanceOf(FrameException.class)
        .hasMessageContaining("8-byte header");
    assertThatThrownBy(() -> FrameCodec.decode(HexFormat.of().parseHex("ff00000000000000")))
        .isInstanceOf(FrameException.class)
        .hasMessageContaining("0xff");
    assertThatThrownBy(() -> FrameCodec.decode(new byte[Frame.HEADER_SIZE + Frame.MAX_BODY + 1]))
        .isInstanceOf(FrameException.class);
    assertThat(Frame.MAX_BODY).isEqualTo(65511);
  }
}
