package org.web4.conformance.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskTest {
  private static final byte[] KEY = new byte[32];

  static {
    for (int i = 0; i < KEY.length; i++) {
      KEY[i] = (byte) (0xA0 + i);
    }
  }

  @Test
  void masksTheGivenSecretsInEveryPrintedForm() {
    List<String> forms = SecretMask.printedForms(KEY);
    SecretMask mask = SecretMask.of(forms);

    for (String form : forms) {
      assertThat(mask.mask("seed " + form + " loaded")).isEqualTo("seed *** loaded");
    }
  }

  @Test
  void masksWhatLooksLikeASecretWithoutBeingToldIt() {
    SecretMask mask = SecretMask.patternsOnly();

    assertThat(mask.mask("harness http://127.0.0.1:1/harness/v1 token=abc123def\n"))
        .isEqualTo("harness http://127.0.0.1:1/harness/v1 token=***\n");
    assertThat(mask.mask("{\"harness_token\": \"s3cr3t\"}"))
        .isEqualTo("{\"harness_token\": \"***\"}");
    assertThat(mask.mask("Authorization: Bearer xyz.abc")).isEqualTo("Authorization: Bearer ***");
    assertThat(
            mask.mask(
                "a\n-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----\nb"))
        .isEqualTo("a\n***\nb");
  }

  @Test
  void leavesShortStringsAndOrdinaryTextAlone() {
    SecretMask mask = SecretMask.of(List.of("abc"));

    assertThat(mask.mask("abc tokens are counted")).isEqualTo("abc tokens are counted");
  }

  @Test
  void masksCapturedOutputKeepingItsTruncationFlag() {
    CapturedOutput masked =
        SecretMask.of(List.of("0123456789abcdef"))
            .mask(new CapturedOutput("x 0123456789abcdef", "token=zz", true));

    assertThat(masked).isEqualTo(new CapturedOutput("x ***", "token=***", true));
  }
}
