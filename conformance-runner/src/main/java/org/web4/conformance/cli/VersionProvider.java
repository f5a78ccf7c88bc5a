package org.web4.conformance.cli;

import org.web4.build.KitBuild;
import picocli.CommandLine;

/**
 * {@code --version}: the kit version, the spec version the runner checks, the harness API version
 * and the vectors manifest hash, as the build wrote them ({@link KitBuild}).
 */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return KitBuild.current().versionLines("web4-conformance").toArray(String[]::new);
  }
}
