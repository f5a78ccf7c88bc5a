package org.web4.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  @TempDir Path dir;

  @Test
  void privateAndPublicKeysRoundTrip() throws IOException {
    AgentKeyPair key = AgentKeyPair.generate(new SecureRandom());
    KeyFiles.writePrivateKey(key, dir.resolve("k.pem"));
    KeyFiles.writePublicKey(key.publicKey(), dir.resolve("k.pub.pem"));
    assertThat(KeyFiles.readPrivateKey(dir.resolve("k.pem")).publicKey())
        .isEqualTo(key.publicKey());
    assertThat(KeyFiles.readPublicKey(dir.resolve("k.pub.pem"))).isEqualTo(key.publicKey());
  }

  /**
   * OpenSSL writes the same format: a key it generates loads, and the public key it derives
   * matches.
   */
  @Test
  void readsKeysWrittenByOpenssl() throws Exception {
    Path pem = dir.resolve("openssl.pem");
    Path pub = dir.resolve("openssl.pub.pem");
    run("openssl", "genpkey", "-algorithm", "ed25519", "-out", pem.toString());
    run("openssl", "pkey", "-in", pem.toString(), "-pubout", "-out", pub.toString());
    assertThat(KeyFiles.readPrivateKey(pem).publicKey()).isEqualTo(KeyFiles.readPublicKey(pub));
  }

  @Test
  void refusesOtherKeyTypes() throws IOException {
    Path file = dir.resolve("rsa.pem");
    Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> KeyFiles.readPrivateKey(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Ed25519");
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as(new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
        .isZero();
  }
}
