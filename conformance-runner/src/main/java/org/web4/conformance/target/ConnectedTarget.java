package org.web4.conformance.target;

import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.model.CapturedOutput;

/** An implementation that already runs; the runner only connects to its harness. */
public final class ConnectedTarget implements Target {
  private final String name;
  private final HarnessClient client;

  public ConnectedTarget(String name, TargetDescriptor.Connect connect) {
    this.name = name;
    this.client = new HarnessClient(connect.harnessUrl(), connect.harnessToken());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public HarnessClient harness() {
    return client;
  }

  @Override
  public CapturedOutput output() {
    return CapturedOutput.none();
  }

  @Override
  public void close() {}
}
