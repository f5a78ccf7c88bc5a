package org.web4.conformance.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This runner's version, from the build (web4/conformance/kit.properties). */
public final class KitVersion {
  private KitVersion() {}

  public static String get() {
    try (InputStream in =
        KitVersion.class.getClassLoader().getResourceAsStream("web4/conformance/kit.properties")) {
      if (in == null) {
        return "development";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "development");
    } catch (IOException e) {
      return "development";
    }
  }
}
