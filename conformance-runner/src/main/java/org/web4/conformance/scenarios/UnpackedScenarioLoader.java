package org.web4.conformance.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The class loader Cucumber runs each scenario with (docs/adr/1109). Cucumber finds the step
 * classes by listing the glue package ({@code ClassLoader.getResources}) and reads the feature file
 * from the class path; when the runner is the one jar of a release ({@code java -jar
 * web4-conformance.jar}, 26,000+ entries), each listing opened the whole jar as a zip file system —
 * twice per scenario, 60 % of a kit run's CPU. This loader answers those two lookups from a folder
 * the glue package's and the features' entries were copied to once per process, and delegates
 * everything else, classes included, to the runner's own loader: the same classes, the same feature
 * text, the same {@code classpath:} URIs (Cucumber names a classpath resource by its path, not by
 * where it was found). Run from class folders (the build's tests), nothing is copied and every
 * lookup is the parent's.
 */
final class UnpackedScenarioLoader extends ClassLoader {
  /** The glue package, as a resource path. */
  static final String GLUE = ScenarioCheck.class.getPackageName().replace('.', '/');

  /** The packaged features, as a resource path ({@link FeatureCatalog#packaged()}). */
  static final String FEATURES = "web4/features";

  private final @Nullable Path unpacked;

  private UnpackedScenarioLoader(ClassLoader parent, @Nullable Path unpacked) {
    super(parent);
    this.unpacked = unpacked;
  }

  /**
   * The process's loader: the runner's, with the glue and features unpacked if they are in a jar.
   */
  static ClassLoader get() {
    return Holder.LOADER;
  }

  private static final class Holder {
    static final ClassLoader LOADER = make(ScenarioCheck.class.getClassLoader());
  }

  /** A loader over {@code parent}; a folder of copies only when the glue lives in a jar. */
  static ClassLoader make(ClassLoader parent) {
    URL glue = parent.getResource(GLUE);
    if (glue == null || !"jar".equals(glue.getProtocol())) {
      return parent;
    }
    try {
      Path dir = Files.createTempDirectory("web4-scenarios");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
      URLConnection connection = glue.openConnection();
      connection.setUseCaches(false);
      if (!(connection instanceof JarURLConnection jar)) {
        return parent;
      }
      try (JarFile file = new JarFile(jar.getJarFileURL().getPath())) {
        copy(file, dir, List.of(GLUE + "/", FEATURES + "/"));
      }
      return new UnpackedScenarioLoader(parent, dir);
    } catch (IOException | RuntimeException e) {
      // the copy is a shortcut only: without it Cucumber reads the jar as before
      return parent;
    }
  }

  /**
   * The entries under {@code prefixes} copied into {@code dir}: for the glue, only the package's
   * own classes (Cucumber's scan of it is recursive, and the package has no sub-packages to copy).
   */
  static void copy(JarFile file, Path dir, List<String> prefixes) throws IOException {
    for (JarEntry entry : Collections.list(file.entries())) {
      String name = entry.getName();
      if (entry.isDirectory() || prefixes.stream().noneMatch(name::startsWith)) {
        continue;
      }
      Path target = dir.resolve(name).normalize();
      if (!target.startsWith(dir)) {
        continue;
      }
      Files.createDirectories(target.getParent());
      try (InputStream in = file.getInputStream(entry)) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    Path local = local(name);
    if (local == null) {
      return super.getResources(name);
    }
    return Collections.enumeration(List.of(local.toUri().toURL()));
  }

  @Override
  public @Nullable URL getResource(String name) {
    Path local = local(name);
    if (local == null) {
      return super.getResource(name);
    }
    try {
      return local.toUri().toURL();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The unpacked copy of a glue-package or feature resource, or null to ask the parent. */
  private @Nullable Path local(String name) {
    if (unpacked == null) {
      return null;
    }
    String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    boolean ours =
        path.equals(GLUE)
            || path.startsWith(GLUE + "/")
            || path.equals(FEATURES)
            || path.startsWith(FEATURES + "/");
    if (!ours) {
      return null;
    }
    Path local = unpacked.resolve(path).normalize();
    return local.startsWith(unpacked) && Files.exists(local) ? local : null;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // a temporary folder: the system cleans it up otherwise
                }
              });
    } catch (IOException e) {
      // as above
    }
  }
}
