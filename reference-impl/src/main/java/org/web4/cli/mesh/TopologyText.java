package org.web4.cli.mesh;

/** The topology as text for a terminal: the agents, then each link with both sides' trust. */
public final class TopologyText {
  private TopologyText() {}

  public static String render(Topology t) {
    Names names = t.names();
    long read = t.nodes().stream().filter(Topology.Node::read).count();
    StringBuilder out =
        new StringBuilder()
            .append("mesh topology: ")
            .append(t.nodes().size())
            .append(" agents (")
            .append(read)
            .append(" read through their harness), ")
            .append(t.edges().size())
            .append(t.edges().size() == 1 ? " link\n" : " links\n");
    out.append("agents:\n");
    for (Topology.Node n : t.nodes()) {
      out.append("  ").append(names.label(n.fingerprint()));
      if (!n.read()) {
        out.append("  (not read: named by a peer's session)");
      }
      out.append('\n');
    }
    out.append("links (sessions; each side's trust state of the other):\n");
    if (t.edges().isEmpty()) {
      out.append("  none\n");
    }
    for (Topology.Edge e : t.edges()) {
      String a = names.name(e.a());
      String b = names.name(e.b());
      out.append("  ")
          .append(names.label(e.a()))
          .append(" <-> ")
          .append(names.label(e.b()))
          .append("   ")
          .append(a)
          .append("->")
          .append(b)
          .append(' ')
          .append(e.aTrustsB())
          .append(", ")
          .append(b)
          .append("->")
          .append(a)
          .append(' ')
          .append(e.bTrustsA());
      if (e.sessions() > 1) {
        out.append(" (").append(e.sessions()).append(" sessions)");
      }
      out.append('\n');
    }
    return out.toString();
  }
}
