package org.web4.conformance.target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds the kit's root folder (where spec/, targets/ and reference-impl/ are), for the {@code
 * {kit_root}} placeholder: the system property {@code web4.kit.root}, the environment variable
 * {@code WEB4_KIT_ROOT}, the folder above the descriptor's folder, or the nearest ancestor of the
 * working directory that has {@code spec/VERSION}.
 */
public final class KitRoot {
  private KitRoot() {}

  public static Optional<Path> locate(@Nullable Path descriptor) {
    List<Path> candidates = new ArrayList<>();
    String property = System.getProperty("web4.kit.root");
    if (property != null && !property.isBlank()) {
      candidates.add(Path.of(property));
    }
    String env = System.getenv("WEB4_KIT_ROOT");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    if (descriptor != null) {
      Path dir = descriptor.toAbsolutePath().getParent();
      if (dir != null && dir.getParent() != null) {
        candidates.add(dir.getParent());
      }
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      candidates.add(p);
    }
    for (Path c : candidates) {
      if (Files.isRegularFile(c.resolve("spec").resolve("VERSION"))) {
        return Optional.of(c.toAbsolutePath().normalize());
      }
    }
    return Optional.empty();
  }
}
