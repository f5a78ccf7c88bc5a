package org.web4.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Errors that speak, through the real {@code web4} entry ({@link Web4Command#commandLine}): a
 * missing input file, a wrong key file and an unknown option are each one line on stderr naming the
 * file or flag, exit 2, without a stack trace; {@code --verbose} adds the trace.
 */
class CommandErrorsTest {
  @TempDir Path dir;

  private record Run(int exit, String err) {
    /** The stderr lines. */
    java.util.List<String> lines() {
      return err.lines().toList();
    }
  }

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Web4Command.commandLine().setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, err.toString());
  }

  @Test
  void verifyOfAMissingFileNamesTheFile() {
    Path missing = dir.resolve("missing.json");

    Run r = run("verify", missing.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.lines()).containsExactly("web4: " + missing + ": no such file or folder");
  }

  @Test
  void signWithAFileThatIsNotAKeyNamesTheFlagAndTheFile() throws Exception {
    Path key = Files.writeString(dir.resolve("agent.pem"), "not a key\n", StandardCharsets.UTF_8);
    Path envelope = Files.writeString(dir.resolve("e.json"), "{}", StandardCharsets.UTF_8);

    Run r = run("sign", "--key", key.toString(), envelope.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.lines())
        .containsExactly("web4: --key " + key + ": no PEM block labelled PRIVATE KEY");
  }

  @Test
  void signWithAMissingKeyFileNamesTheFlagAndTheFile() throws Exception {
    Path envelope = Files.writeString(dir.resolve("e.json"), "{}", StandardCharsets.UTF_8);
    Path key = dir.resolve("absent.pem");

    Run r = run("sign", "--key", key.toString(), envelope.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.lines()).containsExactly("web4: --key " + key + ": no such file or folder");
  }

  @Test
  void anUnknownOptionIsOneLineWithTheHelpCommand() {
    Run r = run("verify", "--frobnicate", "x.json");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.lines())
        .singleElement()
        .asString()
        .startsWith("web4: Unknown option: '--frobnicate'")
        .endsWith("(see web4 verify --help)");
  }

  @Test
  void verboseAddsTheStackTrace() {
    Run r = run("verify", "--verbose", dir.resolve("missing.json").toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.lines().get(0)).endsWith("missing.json: no such file or folder");
    assertThat(r.err()).contains("java.nio.file.NoSuchFileException").contains("\tat ");
  }
}
