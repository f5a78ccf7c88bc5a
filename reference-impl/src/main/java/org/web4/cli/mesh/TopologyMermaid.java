package org.web4.cli.mesh;

import java.util.HashMap;
import java.util.Map;

/**
 * The topology as a Mermaid flowchart (renders in GitHub, GitLab and the Mermaid live editor):
 * agents as nodes, sessions as links labelled with each side's trust state of the other.
 */
public final class TopologyMermaid {
  private TopologyMermaid() {}

  public static String render(Topology t) {
    Names names = t.names();
    Map<String, String> ids = new HashMap<>();
    StringBuilder out = new StringBuilder("graph LR\n");
    for (Topology.Node n : t.nodes()) {
      String id = "a" + ids.size();
      ids.put(n.fingerprint(), id);
      out.append("  ")
          .append(id)
          .append(n.read() ? "[\"" : "([\"")
          .append(escape(n.name()))
          .append("<br/>")
          .append(Names.shortFingerprint(n.fingerprint()))
          .append(n.read() ? "\"]\n" : "\"])\n");
    }
    for (Topology.Edge e : t.edges()) {
      String a = escape(names.name(e.a()));
      String b = escape(names.name(e.b()));
      out.append("  ")
          .append(ids.get(e.a()))
          .append(" ---|\"")
          .append(a)
          .append("→")
          .append(b)
          .append(": ")
          .append(e.aTrustsB())
          .append("<br/>")
          .append(b)
          .append("→")
          .append(a)
          .append(": ")
          .append(e.bTrustsA())
          .append("\"| ")
          .append(ids.get(e.b()))
          .append('\n');
    }
    return out.toString();
  }

  private static String escape(String s) {
    return s.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
  }
}
