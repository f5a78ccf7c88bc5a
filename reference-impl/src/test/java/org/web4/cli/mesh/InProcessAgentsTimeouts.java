package org.web4.cli.mesh;

import java.time.Duration;

/** The bound of each wait in the mesh tools' tests (2 cores shared by several builds). */
final class InProcessAgentsTimeouts {
  static final Duration STEP = Duration.ofSeconds(30);

  private InProcessAgentsTimeouts() {}
}
