package org.web4.cli.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.web4.cli.mesh.RecordedAnswers.ANA;
import static org.web4.cli.mesh.RecordedAnswers.BEN;
import static org.web4.cli.mesh.RecordedAnswers.CLEO;

import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * The topology built from recorded harness answers of ana and ben (cleo not read): three agents,
 * two links, each side's trust, and the same model drawn as text, DOT, Mermaid and SVG.
 */
class TopologyTest {
  private final Topology topology = Topology.of(RecordedAnswers.anaAndBen());

  @Test
  void nodesAreEveryAgentReadOrNamedBySessionInFingerprintOrder() {
    assertThat(topology.nodes())
        .containsExactly(
            new Topology.Node(ANA, "ana", true),
            new Topology.Node(BEN, "ben", true),
            new Topology.Node(CLEO, "cleo", false));
  }

  @Test
  void oneEdgePerSessionPairLabelledWithEachSidesTrust() {
    assertThat(topology.edges())
        .containsExactly(
            new Topology.Edge(ANA, BEN, "probing", "trusted", 1),
            new Topology.Edge(BEN, CLEO, "probing", Topology.UNKNOWN, 1));
  }

  @Test
  void textListsAgentsAndLinksWithTrust() {
    String text = TopologyText.render(topology);

    assertThat(text)
        .startsWith("mesh topology: 3 agents (2 read through their harness), 2 links\n")
        .contains("  cleo (cccccccc)  (not read: named by a peer's session)\n")
        .contains("  ana (aaaaaaaa) <-> ben (bbbbbbbb)   ana->ben probing, ben->ana trusted\n")
        .contains("  ben (bbbbbbbb) <-> cleo (cccccccc)   ben->cleo probing, cleo->ben ?\n");
  }

  @Test
  void dotIsAnUndirectedGraphWithTrustLabelsAndColours() {
    String dot = TopologyDot.render(topology);

    assertThat(dot)
        .startsWith("graph mesh {\n")
        .endsWith("}\n")
        .contains("\"" + ANA + "\" [label=\"ana\\naaaaaaaa\"];")
        .contains("\"" + CLEO + "\" [label=\"cleo\\ncccccccc\", style=dashed];")
        .contains(
            "\""
                + ANA
                + "\" -- \""
                + BEN
                + "\" [label=\"ana->ben: probing\\nben->ana: trusted\", color=\"#ef8f00\"];");
  }

  @Test
  void mermaidIsAFlowchartWithLabelledLinks() {
    String mermaid = TopologyMermaid.render(topology);

    assertThat(mermaid)
        .startsWith("graph LR\n")
        .contains("  a0[\"ana<br/>aaaaaaaa\"]\n")
        .contains("  a2([\"cleo<br/>cccccccc\"])\n")
        .contains("  a0 ---|\"ana→ben: probing<br/>ben→ana: trusted\"| a1\n");
  }

  @Test
  void svgIsWellFormedXmlWithEveryAgentAndBothHalvesOfEveryLink() throws Exception {
    String svg = TopologySvg.render(topology);

    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(svg)));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(3);
    // two halves per link plus five legend lines
    assertThat(doc.getElementsByTagName("line").getLength()).isEqualTo(2 * 2 + 5);
    assertThat(svg)
        .contains(">ana→ben: probing<")
        .contains(">ben→ana: trusted<")
        .contains(">cleo→ben: ?<")
        .contains("stroke-dasharray=\"5,4\"");
  }
}
