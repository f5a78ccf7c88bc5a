package org.web4.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.cli.ServeCommand;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.KeyFiles;
import picocli.CommandLine;

/**
 * {@code web4 serve}: the lines the runner parses, and a harness that answers at the printed URL.
 */
class ServeCommandTest {

  private static List<String> lines(ByteArrayOutputStream out) {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void printsOneLinePerListenerThenReady(@TempDir Path dir) throws Exception {
    AgentKeyPair key = AgentKeyPair.generate(new SecureRandom());
    Path keyFile = dir.resolve("agent.pem");
    KeyFiles.writePrivateKey(key, keyFile);
    ServeCommand command = new ServeCommand();
    new CommandLine(command)
        .parseArgs("--harness-port", "0", "--key", keyFile.toString(), "--agent-id", "bob");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ServeCommand.Running running =
        command.start(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      List<String> lines = lines(out);
      assertThat(lines).hasSize(4);
      assertThat(lines.get(0))
          .isEqualTo("identity agent_id=bob fingerprint=" + key.publicKey().fingerprint());
      assertThat(lines.get(1)).matches("rtt 127\\.0\\.0\\.1:[0-9]+");
      assertThat(Integer.parseInt(lines.get(1).substring("rtt 127.0.0.1:".length())))
          .isEqualTo(running.rttAddress().getPort());
      assertThat(lines.get(2))
          .matches("harness http://127\\.0\\.0\\.1:[0-9]+/harness/v1 token=[0-9a-f]{64}");
      assertThat(lines.get(3)).isEqualTo("ready");

      String[] harness = lines.get(2).split(" ", -1);
      URI info = URI.create(harness[1] + "/info");
      String token = harness[2].substring("token=".length());
      HttpResponse<String> response =
          HarnessServerTest.CLIENT.send(
              HttpRequest.newBuilder(info).header("Authorization", "Bearer " + token).GET().build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains(key.publicKey().fingerprint()).contains("\"bob\"");
    } finally {
      running.close();
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("ephemeral");
  }

  @Test
  void harnessIsOffUnlessAskedFor() throws Exception {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ServeCommand.Running running =
        command.start(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(lines(out)).hasSize(3).noneMatch(l -> l.startsWith("harness "));
      assertThat(lines(out).get(2)).isEqualTo("ready");
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("ephemeral");
    } finally {
      running.close();
    }
  }

  @Test
  void usesTheGivenToken() throws Exception {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs("--harness", "--harness-token", "s3cret");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ServeCommand.Running running =
        command.start(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      assertThat(lines(out).get(2)).endsWith(" token=s3cret");
    } finally {
      running.close();
    }
  }

  @Test
  void refusesBadOptionValues(@TempDir Path dir) throws Exception {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    ServeCommand badId = new ServeCommand();
    new CommandLine(badId).parseArgs("--agent-id", "-x");
    assertThatThrownBy(() -> badId.start(sink, sink)).isInstanceOf(IllegalArgumentException.class);
    ServeCommand badPort = new ServeCommand();
    new CommandLine(badPort).parseArgs("--harness-port", "70000");
    assertThatThrownBy(() -> badPort.start(sink, sink))
        .isInstanceOf(IllegalArgumentException.class);
    Path notAKey = dir.resolve("x.pem");
    Files.writeString(notAKey, "nope", StandardCharsets.US_ASCII);
    ServeCommand badKey = new ServeCommand();
    new CommandLine(badKey).parseArgs("--key", notAKey.toString());
    assertThatThrownBy(() -> badKey.start(sink, sink)).isInstanceOf(java.io.IOException.class);
  }
}
