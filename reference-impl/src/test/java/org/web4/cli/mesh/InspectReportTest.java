package org.web4.cli.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.web4.cli.mesh.RecordedAnswers.ANA;
import static org.web4.cli.mesh.RecordedAnswers.CLEO;
import static org.web4.cli.mesh.RecordedAnswers.MESH_ID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code web4 mesh inspect}'s text and JSON for ben's recorded harness answers. */
class InspectReportTest {
  private final AgentView ben = RecordedAnswers.ben();

  @Test
  void textShowsSessionsTrustRoutesAndDropsWithReasons() {
    String text = InspectReport.text(ben);

    assertThat(text)
        .startsWith("agent ben (bbbbbbbb)  web4-reference 0.5.0\n")
        .contains("sessions (rtt/connections): 2 established, 0 handshaking\n")
        .contains(
            "  ana (aaaaaaaa)  open  trust trusted  channels control,state,knowledge"
                + "  send queue 0 messages, 0 bytes\n")
        .contains(
            "  cleo (cccccccc)  open  trust probing  channels control,state,knowledge"
                + "  send queue 2 messages, 551424 bytes\n")
        .contains("  cleo (cccccccc)  probing\n")
        .contains("routes (GET mesh): 2 destinations, default hop limit 9, 3 mesh_ids remembered\n")
        .contains("  cleo (cccccccc)  1 hop  (neighbour)\n")
        .contains("recent drops (mesh.relay.dropped in the last 1000 events): 1\n")
        .contains(
            "  #12 2026-12-06T17:40:01.150Z  duplicate  mesh_id "
                + MESH_ID
                + "  from cleo (cccccccc)");
  }

  @Test
  void textSaysWhenTheAgentHasNoMeshCapability() {
    AgentView noMesh =
        AgentView.of(
            "http://127.0.0.1:1/harness/v1",
            RecordedAnswers.json(
                "{\"implementation\":{\"name\":\"x\",\"version\":\"1\"},\"capabilities\":[\"rtt\",\"cip\"],"
                    + "\"identity\":{\"agent_id\":\"x\",\"fingerprint\":\""
                    + ANA
                    + "\"}}"),
            RecordedAnswers.connections(RecordedAnswers.connection("cleo", CLEO)),
            RecordedAnswers.json("{\"peers\":[]}"),
            null,
            null);

    assertThat(InspectReport.text(noMesh))
        .contains("channels control,state,knowledge  send queue not reported (harness 1.0)\n")
        .contains("routes: the agent does not list the harness capability mesh\n")
        .contains("recent drops: the agent does not list the harness capability events\n");
  }

  @Test
  void jsonCarriesTheSameFacts() {
    JsonNode json = InspectReport.json(ben);

    assertThat(json.path("agent").path("agent_id").asText()).isEqualTo("ben");
    assertThat(json.path("sessions").get(1).path("trust").asText()).isEqualTo("probing");
    assertThat(json.path("sessions").get(1).path("send_queue").toString())
        .isEqualTo("{\"messages\":2,\"bytes\":551424}");
    assertThat(json.path("mesh").path("routes").get(1).path("destination").asText())
        .isEqualTo(CLEO);
    assertThat(json.path("drops").get(0).path("reason").asText()).isEqualTo("duplicate");
    assertThat(json.path("drops").get(0).path("mesh_id").asText()).isEqualTo(MESH_ID);
  }

  @Test
  void eventLinesNameAgentsInsteadOfFingerprints() {
    JsonNode event =
        RecordedAnswers.json(
            "{\"seq\":3,\"time\":\"2026-12-06T17:40:01.123Z\",\"kind\":\"mesh.relay.forwarded\","
                + "\"peer\":\""
                + CLEO
                + "\",\"msg_id\":null,\"attributes\":{\"origin\":\""
                + ANA
                + "\",\"hops\":2,\"mesh_id\":\"m\",\"destination\":\""
                + CLEO
                + "\"}}");

    assertThat(EventFeed.format(event, Names.of(RecordedAnswers.anaAndBen())))
        .isEqualTo(
            "17:40:01.123 mesh.relay.forwarded peer=cleo destination=cleo hops=2 mesh_id=m"
                + " origin=ana");
  }
}
