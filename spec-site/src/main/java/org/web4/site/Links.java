package org.web4.site;

import java.net.URI;

/**
 * Where the site's links point. Spec documents link to each other's pages; everything else
 * (features/, vectors/, schemas/, the sources) links into the kit at {@code sourceBase}: relative
 * to the site folder on disk by default, a repository URL such as {@code
 * https://github.com/OWNER/REPO/blob/SHA/} when the Pages workflow builds it.
 */
final class Links {
  private final String sourceBase;

  Links(String sourceBase) {
    this.sourceBase =
        sourceBase.isEmpty() || sourceBase.endsWith("/") ? sourceBase : sourceBase + "/";
  }

  /** The page of a spec document: {@code rtt.md} → {@code rtt.html}. */
  static String pageOf(String specFile) {
    return specFile.replaceFirst("\\.md$", "") + ".html";
  }

  /** A file of the kit, relative to its root, at {@code line} if positive. */
  String source(String path, int line) {
    return sourceBase + path + (line > 0 ? "#L" + line : "");
  }

  /** A link written in a spec document, as the site serves it. */
  String fromSpec(String destination) {
    if (destination.isEmpty() || destination.startsWith("#") || hasScheme(destination)) {
      return destination;
    }
    int hash = destination.indexOf('#');
    String path = hash < 0 ? destination : destination.substring(0, hash);
    String fragment = hash < 0 ? "" : destination.substring(hash);
    if (!path.contains("/") && path.endsWith(".md")) {
      return pageOf(path) + fragment;
    }
    String inKit = URI.create("spec/").resolve(path).normalize().toString();
    return sourceBase + inKit + fragment;
  }

  private static boolean hasScheme(String destination) {
    int colon = destination.indexOf(':');
    int slash = destination.indexOf('/');
    return colon > 0 && (slash < 0 || colon < slash);
  }
}
