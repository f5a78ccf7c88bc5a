package org.web4.build;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

/**
 * What this build of the kit is: its version, the spec version it implements and checks (with the
 * protocol versions that spec defines), the harness API version of spec/harness.md, and the SHA-256
 * of the vectors' signed manifest. The build writes them into {@value #RESOURCE} from the sources
 * of truth (the POM, spec/VERSION, spec/README.md, spec/harness.md, vectors/MANIFEST.json), so no
 * copy of them is typed into code; {@code web4 --version} and {@code web4-conformance --version}
 * print them.
 *
 * @param kitVersion the kit's version (the Maven project version), e.g. {@code 0.1.0}
 * @param specVersion the content of spec/VERSION, e.g. {@code 0.4.0}
 * @param protocols the protocol versions spec/README.md says the spec version defines, e.g. {@code
 *     RTT 1.0, CIP 1.0, HCP 1.0, LIP 1.0}
 * @param harnessVersion the harness API version of spec/harness.md, e.g. {@code 1.0}
 * @param vectorsManifestSha256 lower-case hex SHA-256 of vectors/MANIFEST.json, as in report.json
 */
public record KitBuild(
    String kitVersion,
    String specVersion,
    String protocols,
    String harnessVersion,
    String vectorsManifestSha256) {

  /** The class-path resource the build writes. */
  public static final String RESOURCE = "web4/kit-build.properties";

  /** A build resource that is missing or lacks a value: the jar was not built by the kit's POM. */
  public static final class MissingBuildInfoException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    MissingBuildInfoException(String message) {
      super(message);
    }
  }

  /**
   * The build this class was loaded from.
   *
   * @throws MissingBuildInfoException when {@value #RESOURCE} is not on the class path or lacks a
   *     value (classes compiled outside the Maven build)
   */
  public static KitBuild current() {
    Properties p = new Properties();
    try (InputStream in = KitBuild.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new MissingBuildInfoException(
            RESOURCE + " is not on the class path: build the kit with ./mvnw");
      }
      p.load(in);
    } catch (IOException e) {
      throw new MissingBuildInfoException(RESOURCE + ": cannot be read: " + e.getMessage());
    }
    return new KitBuild(
        value(p, "kit.version"),
        value(p, "spec.version"),
        value(p, "protocols"),
        value(p, "harness.version"),
        value(p, "vectors.manifest.sha256"));
  }

  private static String value(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new MissingBuildInfoException(RESOURCE + ": no value for " + key);
    }
    return v.strip();
  }

  /**
   * The lines of a {@code --version} answer, the program's name first:
   *
   * <pre>
   * web4-conformance 0.1.0
   * spec 0.4.0 (RTT 1.0, CIP 1.0, HCP 1.0, LIP 1.0)
   * harness 1.0
   * vectors manifest sha256 7e6caad5…
   * </pre>
   */
  public List<String> versionLines(String program) {
    return List.of(
        program + " " + kitVersion,
        "spec " + specVersion + " (" + protocols + ")",
        "harness " + harnessVersion,
        "vectors manifest sha256 " + vectorsManifestSha256);
  }
}
