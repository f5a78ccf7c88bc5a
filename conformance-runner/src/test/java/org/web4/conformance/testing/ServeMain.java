package org.web4.conformance.testing;

import org.web4.cli.ServeCommand;
import picocli.CommandLine;

/** {@code web4 serve} from the test class path, so that tests can launch it as a process. */
public final class ServeMain {
  private ServeMain() {}

  public static void main(String[] args) {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    System.exit(new CommandLine(new ServeCommand()).execute(args));
  }
}
