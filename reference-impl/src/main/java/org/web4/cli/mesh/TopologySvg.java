package org.web4.cli.mesh;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The topology as a self-contained SVG picture (no Graphviz, no network): the agents on a circle in
 * ascending order of fingerprint, each session a line whose half near an agent is coloured by that
 * agent's trust state of the other and labelled with it, and a legend of the colours.
 */
public final class TopologySvg {
  static final int SIZE = 760;
  static final int LEGEND = 70;
  static final double RING = 270;
  static final int NODE_RADIUS = 38;

  private TopologySvg() {}

  public static String render(Topology t) {
    Names names = t.names();
    Map<String, double[]> at = positions(t.nodes());
    StringBuilder out = new StringBuilder();
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(SIZE)
        .append("\" height=\"")
        .append(SIZE + LEGEND)
        .append("\" viewBox=\"0 0 ")
        .append(SIZE)
        .append(' ')
        .append(SIZE + LEGEND)
        .append("\" font-family=\"Helvetica, Arial, sans-serif\">\n")
        .append("  <title>web4 mesh topology</title>\n")
        .append("  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    text(
        out,
        SIZE / 2.0,
        28,
        16,
        "middle",
        "#000000",
        "web4 mesh: " + t.nodes().size() + " agents, " + t.edges().size() + " sessions");
    for (Topology.Edge e : t.edges()) {
      double[] a = at.get(e.a());
      double[] b = at.get(e.b());
      if (a == null || b == null) {
        continue;
      }
      double mx = (a[0] + b[0]) / 2;
      double my = (a[1] + b[1]) / 2;
      half(out, a, mx, my, e.aTrustsB());
      half(out, b, mx, my, e.bTrustsA());
      label(out, a, mx, my, names.name(e.a()) + "→" + names.name(e.b()) + ": " + e.aTrustsB());
      label(out, b, mx, my, names.name(e.b()) + "→" + names.name(e.a()) + ": " + e.bTrustsA());
    }
    for (Topology.Node n : t.nodes()) {
      double[] p = at.get(n.fingerprint());
      if (p == null) {
        continue;
      }
      out.append("  <circle cx=\"")
          .append(num(p[0]))
          .append("\" cy=\"")
          .append(num(p[1]))
          .append("\" r=\"")
          .append(NODE_RADIUS)
          .append("\" fill=\"#e3f2fd\" stroke=\"#1565c0\" stroke-width=\"2\"")
          .append(n.read() ? "" : " stroke-dasharray=\"5,4\"")
          .append("/>\n");
      text(out, p[0], p[1] - 2, 14, "middle", "#0d47a1", n.name());
      text(out, p[0], p[1] + 14, 10, "middle", "#455a64", Names.shortFingerprint(n.fingerprint()));
    }
    legend(out);
    return out.append("</svg>\n").toString();
  }

  /** The agents evenly on a circle, the first at the top, clockwise. */
  static Map<String, double[]> positions(List<Topology.Node> nodes) {
    Map<String, double[]> at = new HashMap<>();
    double centre = SIZE / 2.0 + 10;
    for (int i = 0; i < nodes.size(); i++) {
      double angle = -Math.PI / 2 + 2 * Math.PI * i / nodes.size();
      double r = nodes.size() == 1 ? 0 : RING;
      at.put(
          nodes.get(i).fingerprint(),
          new double[] {SIZE / 2.0 + r * Math.cos(angle), centre + r * Math.sin(angle)});
    }
    return at;
  }

  private static void half(StringBuilder out, double[] from, double mx, double my, String state) {
    out.append("  <line x1=\"")
        .append(num(from[0]))
        .append("\" y1=\"")
        .append(num(from[1]))
        .append("\" x2=\"")
        .append(num(mx))
        .append("\" y2=\"")
        .append(num(my))
        .append("\" stroke=\"")
        .append(TrustColours.of(state))
        .append("\" stroke-width=\"3\"")
        .append(state.equals(Topology.UNKNOWN) ? " stroke-dasharray=\"6,4\"" : "")
        .append("/>\n");
  }

  /** The side's label a third of the way from the agent to the middle of the session. */
  private static void label(StringBuilder out, double[] from, double mx, double my, String text) {
    double x = from[0] + (mx - from[0]) * 0.62;
    double y = from[1] + (my - from[1]) * 0.62;
    text(out, x, y - 4, 10, "middle", "#212121", text);
  }

  private static void legend(StringBuilder out) {
    double y = SIZE + 20;
    text(
        out,
        20,
        y,
        12,
        "start",
        "#000000",
        "Each half of a line: that agent's trust state of the other (spec/cip.md §4.4).");
    double x = 20;
    for (String state :
        List.of("trusted", "probing", "untrusted", "blacklisted", Topology.UNKNOWN)) {
      out.append("  <line x1=\"")
          .append(num(x))
          .append("\" y1=\"")
          .append(num(y + 22))
          .append("\" x2=\"")
          .append(num(x + 30))
          .append("\" y2=\"")
          .append(num(y + 22))
          .append("\" stroke=\"")
          .append(TrustColours.of(state))
          .append("\" stroke-width=\"3\"/>\n");
      text(
          out,
          x + 36,
          y + 26,
          11,
          "start",
          "#212121",
          state.equals(Topology.UNKNOWN) ? "? (not read)" : state);
      x += 130;
    }
  }

  private static void text(
      StringBuilder out, double x, double y, int size, String anchor, String fill, String text) {
    out.append("  <text x=\"")
        .append(num(x))
        .append("\" y=\"")
        .append(num(y))
        .append("\" font-size=\"")
        .append(size)
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\" fill=\"")
        .append(fill)
        .append("\">")
        .append(xml(text))
        .append("</text>\n");
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String xml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
