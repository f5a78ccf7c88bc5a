package org.web4.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web4.envelope.SchemaCatalog;

/**
 * [HAR-EVT-001, HAR-API-003] the request schema of {@code POST events}: {@code limit} is 1 to 1000;
 * anything else is a schema violation, which the harness answers 400 BAD_REQUEST.
 */
class EventsRequestTest {
  @ParameterizedTest(name = "limit {0}: valid {1}")
  @CsvSource({"1, true", "1000, true", "0, false", "1001, false", "-1, false"})
  void limitIsOneToOneThousand(int limit, boolean valid) throws Exception {
    var request = new ObjectMapper().readTree("{\"since\":0,\"limit\":" + limit + "}");
    var problems =
        SchemaCatalog.get().schema("harness/events.request.schema.json").validate(request);
    assertThat(problems.isEmpty()).isEqualTo(valid);
  }
}
