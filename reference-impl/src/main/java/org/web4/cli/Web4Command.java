package org.web4.cli;

import org.web4.build.KitBuild;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code web4}: the reference implementation's command line.
 *
 * <pre>
 *   web4 serve      run an agent (with the conformance harness when asked)
 *   web4 keygen     write an Ed25519 identity key (PKCS#8 PEM) and print its fingerprint
 *   web4 canonicalize / sign / verify   the envelope layer, one document at a time
 *   web4 mesh demo / inspect / topology  the mesh: a demo, and live agents read through their harness
 *   web4 soak       RTT resume and reconnect under faults, for a bounded time (docs/adr/1412)
 * </pre>
 */
@Command(
    name = "web4",
    mixinStandardHelpOptions = true,
    versionProvider = Web4Command.Version.class,
    description = "The Web4 reference implementation (RTT, CIP, HCP, LIP).",
    subcommands = {
      ServeCommand.class,
      ConnectCommand.class,
      DemoCommand.class,
      org.web4.cli.mesh.MeshCommand.class,
      KeygenCommand.class,
      CanonicalizeCommand.class,
      SignCommand.class,
      VerifyCommand.class,
      SoakCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Web4Command implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * The command line with its error handling: one line per error, exit 2 ({@link CommandErrors}).
   */
  public static CommandLine commandLine() {
    return CommandErrors.install(new CommandLine(new Web4Command()), "web4");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The kit version, the spec and harness versions the reference implements and the vectors
   * manifest it was built with, from the build ({@link KitBuild}).
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return KitBuild.current().versionLines("web4").toArray(String[]::new);
    }
  }
}
