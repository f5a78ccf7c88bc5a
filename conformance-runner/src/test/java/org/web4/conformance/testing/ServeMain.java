package org.web4.conformance.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.web4.cli.ServeCommand;
import org.web4.conformance.target.TargetDescriptor;
import picocli.CommandLine;

/** {@code web4 serve} from the test class path, so that tests can launch it as a process. */
public final class ServeMain {
  private ServeMain() {}

  /**
   * A target descriptor that launches this class as a separate process, with {@code extra}
   * arguments after the harness options.
   */
  public static TargetDescriptor descriptor(List<String> extra) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "{java}",
                "-cp",
                System.getProperty("java.class.path"),
                ServeMain.class.getName(),
                "--harness-port",
                "{harness_port}",
                "--harness-token",
                "{harness_token}",
                "--key",
                "{key_file}"));
    command.addAll(extra);
    // the ready line's guard: a hang guard, far above a JVM's start on a loaded machine (30 s was
    // missed at load 30, docs/adr/1423)
    return new TargetDescriptor(
        "serve-main",
        new TargetDescriptor.Launch(command, null, Map.of(), Duration.ofSeconds(120)),
        null,
        null,
        null);
  }

  public static void main(String[] args) {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    System.exit(new CommandLine(new ServeCommand()).execute(args));
  }
}
