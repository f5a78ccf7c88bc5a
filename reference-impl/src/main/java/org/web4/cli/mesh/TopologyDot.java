package org.web4.cli.mesh;

/**
 * The topology as a Graphviz DOT graph ({@code dot -Tsvg topology.dot}): agents as nodes named by
 * {@code agent_id} and short fingerprint (dashed when not read), sessions as undirected edges whose
 * label gives each side's trust state of the other and whose colour is the weaker of the two.
 */
public final class TopologyDot {
  private TopologyDot() {}

  public static String render(Topology t) {
    Names names = t.names();
    StringBuilder out = new StringBuilder("graph mesh {\n");
    out.append("  graph [label=\"web4 mesh: sessions, each side's trust of the other\"];\n");
    out.append("  node [shape=ellipse, fontname=\"Helvetica\"];\n");
    out.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    for (Topology.Node n : t.nodes()) {
      out.append("  \"")
          .append(n.fingerprint())
          .append("\" [label=\"")
          .append(quote(n.name()))
          .append("\\n")
          .append(Names.shortFingerprint(n.fingerprint()))
          .append('"')
          .append(n.read() ? "" : ", style=dashed")
          .append("];\n");
    }
    for (Topology.Edge e : t.edges()) {
      String a = quote(names.name(e.a()));
      String b = quote(names.name(e.b()));
      out.append("  \"")
          .append(e.a())
          .append("\" -- \"")
          .append(e.b())
          .append("\" [label=\"")
          .append(a)
          .append("->")
          .append(b)
          .append(": ")
          .append(e.aTrustsB())
          .append("\\n")
          .append(b)
          .append("->")
          .append(a)
          .append(": ")
          .append(e.bTrustsA())
          .append("\", color=\"")
          .append(TrustColours.of(TrustColours.weaker(e.aTrustsB(), e.bTrustsA())))
          .append("\"];\n");
    }
    return out.append("}\n").toString();
  }

  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
