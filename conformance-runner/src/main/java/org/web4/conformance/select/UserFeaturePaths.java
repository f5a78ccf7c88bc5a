package org.web4.conformance.select;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Lets {@code --check} name one of the user's scenarios by the path the user knows ({@code
 * my-features/sign.feature:7}, as {@code --dry-run} prints it) as well as by its case ID ({@code
 * user-features/sign.feature:7}).
 */
public final class UserFeaturePaths {
  private UserFeaturePaths() {}

  /** Each typed ID, with a path under {@code featuresDir} turned into its case ID. */
  public static List<String> asCaseIds(List<String> typed, @Nullable Path featuresDir) {
    if (featuresDir == null) {
      return typed;
    }
    Path dir = featuresDir.toAbsolutePath().normalize();
    return typed.stream().map(t -> asCaseId(t, dir)).toList();
  }

  private static String asCaseId(String typed, Path dir) {
    int colon = typed.indexOf(".feature:");
    String file = colon < 0 ? typed : typed.substring(0, colon + ".feature".length());
    String rest = colon < 0 ? "" : typed.substring(colon + ".feature".length());
    Path path;
    try {
      path = Path.of(file).toAbsolutePath().normalize();
    } catch (java.nio.file.InvalidPathException notAPath) {
      return typed;
    }
    if (!path.startsWith(dir) || path.equals(dir)) {
      return typed;
    }
    return "user-features/" + dir.relativize(path).toString().replace('\\', '/') + rest;
  }
}
