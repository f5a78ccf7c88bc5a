package org.web4.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web4 CLI end to end: keygen → sign → verify, canonicalize, and the exit codes. */
class Web4CommandTest {
  @TempDir Path dir;

  private record Run(int exit, String out) {}

  private static Run run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      int exit = Web4Command.commandLine().execute(args);
      return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void keygenSignVerify() throws Exception {
    Path key = dir.resolve("alice.pem");
    Run keygen = run("keygen", key.toString());
    assertThat(keygen.exit()).isZero();
    assertThat(keygen.out()).contains("fingerprint ");
    String fingerprint =
        keygen
            .out()
            .lines()
            .filter(l -> l.startsWith("fingerprint "))
            .findFirst()
            .orElseThrow()
            .substring(12);
    String pubkey =
        keygen
            .out()
            .lines()
            .filter(l -> l.startsWith("pubkey "))
            .findFirst()
            .orElseThrow()
            .substring(7);
    Path envelope = dir.resolve("e.json");
    Files.writeString(
        envelope,
        """
        {"cip":"1.0","msg_id":"0b5a1f3e-2c4d-4e6f-8a1b-2c3d4e5f6a7b","type":"INTENT",
         "timestamp":"2026-03-01T10:00:00Z",
         "sender":{"agent_id":"alice","fingerprint":"%s","pubkey":"%s"},
         "receiver":{"agent_id":"bob","fingerprint":"%s"},
         "payload":{"goal":"ask","topic":"weather","priority":"low"}}
        """
            .formatted(fingerprint, pubkey, fingerprint),
        StandardCharsets.UTF_8);
    Run sign = run("sign", "--key", key.toString(), envelope.toString());
    assertThat(sign.exit()).isZero();
    Path signed = dir.resolve("signed.json");
    Files.writeString(signed, sign.out(), StandardCharsets.UTF_8);
    Run verify = run("verify", "--now", "2026-03-01T10:04:00Z", signed.toString());
    assertThat(verify.exit()).isZero();
    assertThat(verify.out()).startsWith("VALID cip INTENT");
    Run late = run("verify", "--now", "2026-03-01T10:06:00Z", signed.toString());
    assertThat(late.exit()).isEqualTo(1);
    assertThat(late.out()).startsWith("TIMESTAMP");
  }

  @Test
  void canonicalizeAndItsRefusal() throws Exception {
    Path ok = dir.resolve("ok.json");
    Files.writeString(ok, "{ \"b\": 1.0, \"a\": [1E2] }", StandardCharsets.UTF_8);
    Run c = run("canonicalize", ok.toString());
    assertThat(c.exit()).isZero();
    assertThat(c.out()).isEqualTo("{\"a\":[100],\"b\":1}");
    Path dup = dir.resolve("dup.json");
    Files.writeString(dup, "{\"a\":1,\"a\":2}", StandardCharsets.UTF_8);
    assertThat(run("canonicalize", dup.toString()).exit()).isEqualTo(1);
  }

  @Test
  void keygenRefusesToOverwrite() throws Exception {
    Path key = dir.resolve("k.pem");
    Files.writeString(key, "x", StandardCharsets.UTF_8);
    assertThat(run("keygen", key.toString()).exit()).isEqualTo(2);
  }
}
