package org.web4.cli.mesh;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code web4 mesh}: tools a person uses on a mesh of live agents (spec/mesh.md), each reading the
 * agents through their conformance harness.
 */
@Command(
    name = "mesh",
    mixinStandardHelpOptions = true,
    description = "Mesh tools: a demo, and inspect or draw live agents through their harness.",
    subcommands = {MeshDemoCommand.class, MeshInspectCommand.class, MeshTopologyCommand.class})
public final class MeshCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
