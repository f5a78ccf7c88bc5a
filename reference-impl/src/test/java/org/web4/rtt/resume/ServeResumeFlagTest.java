package org.web4.rtt.resume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.cli.ServeCommand;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.KeyFiles;
import picocli.CommandLine;

/** `web4 serve --rtt-resume` turns the draft's resume on; without it the agent is RTT 1.0 only. */
class ServeResumeFlagTest {
  @Test
  void resumeIsOffByDefaultAndOnWithTheFlag(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("agent.pem");
    KeyFiles.writePrivateKey(AgentKeyPair.generate(new SecureRandom()), keyFile);
    assertThat(resumeEnabled(keyFile)).isFalse();
    assertThat(resumeEnabled(keyFile, "--rtt-resume")).isTrue();
  }

  private static boolean resumeEnabled(Path keyFile, String... extra) throws Exception {
    ServeCommand command = new ServeCommand();
    String[] args = new String[extra.length + 4];
    args[0] = "--harness-port";
    args[1] = "0";
    args[2] = "--key";
    args[3] = keyFile.toString();
    System.arraycopy(extra, 0, args, 4, extra.length);
    new CommandLine(command).parseArgs(args);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (ServeCommand.Running running = command.start(quiet, quiet)) {
      return running.agent().endpoint().resumeEnabled();
    }
  }
}
