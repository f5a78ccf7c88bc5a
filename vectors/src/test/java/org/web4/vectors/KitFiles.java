package org.web4.vectors;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build's tests find the kit's folders (the parent pom passes the root). */
final class KitFiles {
  private KitFiles() {}

  static Path root() {
    String root = System.getProperty("web4.kit.root");
    Path path = root == null ? Path.of("..") : Path.of(root);
    if (!Files.isDirectory(path.resolve("vectors"))) {
      throw new IllegalStateException("not the kit root: " + path.toAbsolutePath());
    }
    return path;
  }

  static Path vectors() {
    return root().resolve("vectors");
  }
}
