package org.web4.conformance.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.web4.conformance.spec.Requirement;

/**
 * Where report.html links each requirement's text into the spec site (docs/adr/1301): {@code
 * BASE<document>.html#<ID>}. BASE is the system property {@code web4.specSite}, else the
 * environment variable {@code WEB4_SPEC_SITE}, else the build's {@code spec.site}
 * (web4/conformance/kit.properties: the site beside the sources for a build from source, the
 * published site for a release); empty means no link. A link is navigation, not something the page
 * loads: the report stays one offline file.
 */
public final class SpecSiteLink {
  private static final String PROPERTY = "web4.specSite";
  private static final String VARIABLE = "WEB4_SPEC_SITE";

  private SpecSiteLink() {}

  /** The configured base, ending in {@code /}, or empty. */
  public static String base() {
    String base = System.getProperty(PROPERTY);
    if (base == null || base.isBlank()) {
      base = System.getenv(VARIABLE);
    }
    if (base == null || base.isBlank()) {
      base = built();
    }
    base = base.strip();
    return base.isEmpty() || base.endsWith("/") ? base : base + "/";
  }

  /** The link of {@code requirement} under {@code base}, e.g. {@code BASE/rtt.html#RTT-GA-001}. */
  public static String href(String base, Requirement requirement) {
    return base + requirement.file().replaceFirst("\\.md$", "") + ".html#" + requirement.id();
  }

  private static String built() {
    try (InputStream in =
        SpecSiteLink.class
            .getClassLoader()
            .getResourceAsStream("web4/conformance/kit.properties")) {
      if (in == null) {
        return "";
      }
      Properties p = new Properties();
      p.load(in);
      String site = p.getProperty("spec.site", "");
      return site.contains("${") ? "" : site;
    } catch (IOException e) {
      return "";
    }
  }
}
