package org.web4.site;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The site the module's exec:java wrote before the tests, or one written now if it is missing. */
final class SiteFolder {
  private static final Path KIT = Path.of(System.getProperty("web4.kit.root", "..")).normalize();

  private SiteFolder() {}

  static synchronized Path get() throws Exception {
    Path built = Path.of("target", "site").toAbsolutePath();
    if (Files.exists(built.resolve("index.html"))) {
      return built;
    }
    Path fresh = Path.of("target", "site-test").toAbsolutePath();
    SpecSite.build(KIT.toAbsolutePath(), fresh, "", List.of());
    return fresh;
  }
}
