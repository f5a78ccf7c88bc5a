package org.web4.rtt.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** spec/rtt.md Table 4.3 [RTT-ERR-005]: what an ERROR body may be, and what it may not. */
class ErrorBodyTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"code\":\"FUTURE_CODE_9\",\"frame\":null,\"msg_id\":null,\"text\":\"x\"}",
        "{\"code\":\"A\",\"frame\":0,\"msg_id\":null,\"text\":\"\"}",
        "{\"code\":\"FRAME\",\"frame\":4294967295,\"msg_id\":null,\"text\":\"x\"}",
        "{\"code\":\"REPLAY\",\"frame\":7,\"msg_id\":\"4f1c2a9e-7b3d-4c5e-9a1f-2b3c4d5e6f70\","
            + "\"text\":\"x\"}",
        "{\"code\":\"ABCDEFGHIJKLMNOPQRSTUVWXYZ_12345\",\"frame\":null,\"msg_id\":null,\"text\":\"x\"}",
      })
  void accepts(String body) {
    assertThat(ErrorBody.decode(body.getBytes(StandardCharsets.UTF_8))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"code\":\"frame\",\"frame\":null,\"msg_id\":null,\"text\":\"x\"}",
        "{\"code\":\"1FRAME\",\"frame\":null,\"msg_id\":null,\"text\":\"x\"}",
        "{\"code\":\"ABCDEFGHIJKLMNOPQRSTUVWXYZ_123456\",\"frame\":null,\"msg_id\":null,\"text\":\"x\"}",
        "{\"code\":\"FRAME\",\"frame\":4294967296,\"msg_id\":null,\"text\":\"x\"}",
        "{\"code\":\"FRAME\",\"frame\":-1,\"msg_id\":null,\"text\":\"x\"}",
        "{\"code\":\"FRAME\",\"frame\":\"7\",\"msg_id\":null,\"text\":\"x\"}",
        "{\"code\":\"FRAME\",\"frame\":null,\"msg_id\":\"not-a-uuid\",\"text\":\"x\"}",
        "{\"code\":\"FRAME\",\"frame\":null,\"msg_id\":\"4F1C2A9E-7B3D-4C5E-9A1F-2B3C4D5E6F70\","
            + "\"text\":\"x\"}",
        "{\"code\":\"FRAME\",\"frame\":null,\"msg_id\":7,\"text\":\"x\"}",
        "{\"code\":\"FRAME\",\"frame\":null,\"msg_id\":null,\"text\":null}",
        "{\"code\":\"FRAME\",\"frame\":null,\"msg_id\":null,\"text\":\"\\ufffe\"}",
        "{\"code\":\"FRAME\",\"frame\":null,\"msg_id\":null,\"text\":\"x\",\"x\":1}",
        "{\"frame\":null,\"code\":\"FRAME\",\"msg_id\":null,\"text\":\"x\"}",
      })
  void refuses(String body) {
    assertThat(ErrorBody.decode(body.getBytes(StandardCharsets.UTF_8))).isEmpty();
  }
}
