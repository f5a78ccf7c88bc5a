package org.web4.conformance.cli;

import org.web4.conformance.run.KitVersion;
import org.web4.conformance.spec.RequirementCatalog;
import picocli.CommandLine;

/** {@code --version}: the kit version and the spec version it was built with. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "web4-conformance " + KitVersion.get(), "spec " + RequirementCatalog.bundled().specVersion()
    };
  }
}
