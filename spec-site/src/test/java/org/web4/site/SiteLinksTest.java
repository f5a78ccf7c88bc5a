package org.web4.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.web4.conformance.spec.Requirement;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * The site the build wrote (target/site): every requirement of spec/ has its anchor on its
 * document's page, and every link between the site's pages lands on an id that exists.
 */
class SiteLinksTest {
  private static final Path KIT = Path.of(System.getProperty("web4.kit.root", "..")).normalize();
  private static final Pattern ID = Pattern.compile(" id=\"([^\"]+)\"");
  private static final Pattern HREF =
      Pattern.compile(" href=\"([a-zA-Z0-9_-]+\\.html)?#([^\"]+)\"");

  private static Map<String, Set<String>> idsByPage(Path site) throws Exception {
    Map<String, Set<String>> ids = new HashMap<>();
    try (Stream<Path> pages = Files.list(site)) {
      for (Path p : pages.filter(f -> f.toString().endsWith(".html")).toList()) {
        Set<String> mine = new HashSet<>();
        Matcher m = ID.matcher(Files.readString(p, StandardCharsets.UTF_8));
        while (m.find()) {
          mine.add(m.group(1));
        }
        ids.put(String.valueOf(p.getFileName()), mine);
      }
    }
    return ids;
  }

  @Test
  void everyRequirementHasItsAnchorAndEveryLinkLands() throws Exception {
    Path site = SiteFolder.get();
    Map<String, Set<String>> ids = idsByPage(site);
    RequirementCatalog catalog = RequirementCatalog.fromDirectory(KIT.resolve("spec"));
    for (Requirement r : catalog.all()) {
      assertThat(ids.get(Links.pageOf(r.file()))).as(r.id()).contains(r.id());
    }
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (String page : ids.keySet()) {
      Matcher m = HREF.matcher(Files.readString(site.resolve(page), StandardCharsets.UTF_8));
      while (m.find()) {
        String target = m.group(1) == null ? page : m.group(1);
        links++;
        if (!ids.getOrDefault(target, Set.of()).contains(m.group(2))) {
          broken.add(page + " → " + target + "#" + m.group(2));
        }
      }
    }
    assertThat(links).isGreaterThan(catalog.size());
    assertThat(broken).isEmpty();
  }
}
