package org.web4.conformance.rtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The kit's own derivation of docs/drafts/rtt-resume.md §2.2 and §4.1 ({@link SessionSecrets})
 * against the values of vectors/rtt/rtt_resume_test.json (cases 1 and 2), which both
 * implementations replay: three independent derivations agree.
 */
class SessionSecretsTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void theFirstHandshakeGivesTheVectorsSessionIdAndBinderKey() {
    SessionSecrets s =
        SessionSecrets.derive(
            HEX.parseHex("c0ea9987f51d77881d8baceddfc6393552a4455b85859c5ec65f8a453c5128f1"),
            HEX.parseHex("fa4280477c08239bfaed0edf382b9e7d749569e3ca78f99d3b3ee41cb2c4e101"));
    assertThat(HEX.formatHex(s.sessionId())).isEqualTo("6e53fe8da3c66a09bb47748b81fdc5ac");
    assertThat(HEX.formatHex(s.binderKey()))
        .isEqualTo("abfa990338e578f65869cc490a255c0e3edff99c4313811a251c0b67a3734f0c");
  }

  @Test
  void theBinderOverH2AndTheResumedHandshakesKeysAreTheVectors() {
    SessionSecrets first =
        SessionSecrets.derive(
            HEX.parseHex("c0ea9987f51d77881d8baceddfc6393552a4455b85859c5ec65f8a453c5128f1"),
            HEX.parseHex("fa4280477c08239bfaed0edf382b9e7d749569e3ca78f99d3b3ee41cb2c4e101"));
    byte[] h2 = HEX.parseHex("68fabf3b7d88992dadfb738dc69c8808b3c3e2a2ffc491c9cd2cbe8bee80ad88");
    assertThat(HEX.formatHex(first.binder(h2)))
        .isEqualTo("cd1f6c1281394698c4548bc2fb20125df0ea9f5fc5f20e330aa95a80b86db7a2");
    SessionSecrets resumed =
        SessionSecrets.derive(
            HEX.parseHex("43bd70b837af92624bf0146930c823066a12ddb53c2be31f7c8fe7818cb27feb"),
            HEX.parseHex("2d41b0e94e26816e45eed8d9c6d78eb71409b5ded199611aba814bb321e30dbc"));
    assertThat(HEX.formatHex(resumed.sessionId())).isEqualTo("a9d6dbd625a791196455c074ca202756");
    assertThat(HEX.formatHex(resumed.binderKey()))
        .isEqualTo("92898e646e239f9b7a55df304a377bc407b56b2c9f287332f1f4393cf885af7a");
  }
}
