package org.web4.conformance.target;

import org.jspecify.annotations.Nullable;

/** Opens the target of a run: a descriptor's launch or connect block, or the embedded default. */
public final class Targets {
  private Targets() {}

  /**
   * Opens a target.
   *
   * @param descriptor the --target descriptor, or null for the embedded reference
   * @param seed the run's seed (the identity key of a started implementation follows from it)
   */
  public static Target open(@Nullable TargetDescriptor descriptor, long seed)
      throws TargetException {
    if (descriptor == null) {
      return EmbeddedTarget.start(seed);
    }
    if (descriptor.launch() != null) {
      return ProcessTarget.start(descriptor, seed);
    }
    TargetDescriptor.Connect connect = descriptor.connect();
    if (connect == null) {
      throw new TargetException(descriptor.name() + ": neither launch nor connect");
    }
    return new ConnectedTarget(descriptor.name(), connect);
  }
}
