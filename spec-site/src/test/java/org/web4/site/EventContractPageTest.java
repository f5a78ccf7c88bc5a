package org.web4.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web4.envelope.SchemaCatalog;

/** The event contract page: every kind of the schema, each with an example the schema accepts. */
class EventContractPageTest {
  private static final Path KIT = Path.of(System.getProperty("web4.kit.root", "..")).normalize();

  @Test
  void everyExampleLineConformsToTheEventSchema() throws Exception {
    List<EventContractPage.Kind> kinds = EventContractPage.kinds(KIT);
    assertThat(kinds).hasSizeGreaterThan(20);
    ObjectMapper json = new ObjectMapper();
    for (EventContractPage.Kind kind : kinds) {
      String line = EventContractPage.example(kind);
      assertThat(
              SchemaCatalog.describe(
                  SchemaCatalog.get()
                      .schema("events/event.schema.json")
                      .validate(json.readTree(line))))
          .as(line)
          .isEmpty();
      assertThat(kind.when()).as(kind.kind()).isNotEmpty();
    }
  }

  @Test
  void anExampleWithoutARequiredAttributeIsRefusedSoTheCheckAboveCanFail() throws Exception {
    EventContractPage.Kind sent =
        EventContractPage.kinds(KIT).stream()
            .filter(k -> k.kind().equals("rtt.error.sent"))
            .findFirst()
            .orElseThrow();
    EventContractPage.Kind stripped =
        new EventContractPage.Kind(sent.kind(), sent.when(), sent.attributes(), java.util.Map.of());
    assertThat(
            SchemaCatalog.get()
                .schema("events/event.schema.json")
                .validate(new ObjectMapper().readTree(EventContractPage.example(stripped))))
        .isNotEmpty();
  }
}
