package org.web4.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The expected Ed25519 verdicts come from the Java reference; an independent pure-Python
 * implementation of the pinned criteria (vectors/sources/ed25519_policy.py, RFC 8032 §6 arithmetic)
 * must agree on every one. This is how the cofactored behaviour of BouncyCastle 1.87 was found
 * (speccheck cases 4 and 5).
 */
class IndependentEd25519CheckTest {

  @Test
  void pythonPolicyAgreesWithEveryVerdict() throws Exception {
    assertPythonPolicyAgrees("vectors/ed25519/ed25519_verify_test.json");
  }

  /**
   * Wycheproof's 151 cases (vectors/sources/wycheproof/): the independent model of the pinned
   * policy agrees with Wycheproof's label on every one, as the Java reference does
   * (WycheproofEd25519Test).
   */
  @Test
  void pythonPolicyAgreesWithWycheproof() throws Exception {
    assertPythonPolicyAgrees("vectors/sources/wycheproof/ed25519_test.json");
  }

  private static void assertPythonPolicyAgrees(String vectorFile) throws Exception {
    Path root = KitFiles.root();
    Process p =
        new ProcessBuilder(
                "python3",
                root.resolve("vectors/sources/check_ed25519_vectors.py").toString(),
                root.resolve(vectorFile).toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains(" checked, 0 disagreements");
    assertThat(p.exitValue()).as(output).isZero();
  }
}
