package org.web4.conformance.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a report says about the run before its cases: who was tested, with what, and how to
 * reproduce it.
 *
 * @param targetName the target descriptor's name ("embedded reference" without --target)
 * @param implementationName the IUT's name from /info, if it was reached
 * @param implementationVersion the IUT's version from /info, if it was reached
 * @param identity the IUT's identity from /info, if it was reached
 * @param kitVersion this runner's version
 * @param specVersion the content of spec/VERSION the runner was built with
 * @param vectorsManifestSha256 SHA-256 (hex) of the verified MANIFEST.json bytes
 * @param vectorsSource where the vectors were read from (a folder or "classpath")
 * @param seed the run's seed
 * @param profile core or full
 * @param tags the --tags expression, if given
 * @param examples the --examples count for properties, if given
 * @param startedAt when the run started
 * @param duration how long it took
 */
public record RunHeader(
    String targetName,
    @Nullable String implementationName,
    @Nullable String implementationVersion,
    @Nullable Identity identity,
    String kitVersion,
    String specVersion,
    String vectorsManifestSha256,
    String vectorsSource,
    long seed,
    Profile profile,
    @Nullable String tags,
    @Nullable Integer examples,
    Instant startedAt,
    Duration duration,
    List<String> commandLine) {

  public RunHeader {
    commandLine = List.copyOf(commandLine);
  }
}
