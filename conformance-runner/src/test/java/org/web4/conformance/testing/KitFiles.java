package org.web4.conformance.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The kit's committed files, for tests that copy and alter them. */
public final class KitFiles {
  private KitFiles() {}

  /** The kit root (surefire sets web4.kit.root). */
  public static Path root() {
    String root = System.getProperty("web4.kit.root");
    if (root == null) {
      throw new IllegalStateException("web4.kit.root is not set");
    }
    return Path.of(root);
  }

  /** Copies MANIFEST.json and the vector files (*\/*.json) of vectors/ into a folder. */
  public static Path copyVectors(Path into) throws IOException {
    Path from = root().resolve("vectors");
    Files.copy(from.resolve("MANIFEST.json"), into.resolve("MANIFEST.json"));
    try (Stream<Path> dirs = Files.list(from)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        String name = dir.getFileName().toString();
        if (name.equals("src") || name.equals("target") || name.equals("sources")) {
          continue;
        }
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
            Files.createDirectories(into.resolve(name));
            Files.copy(f, into.resolve(name).resolve(f.getFileName()));
          }
        }
      }
    }
    return into;
  }
}
