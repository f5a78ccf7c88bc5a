package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Then;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web4.envelope.SchemaCatalog;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/** Generic checks on the last reply: schemas and JSON Pointers. */
public final class ReplySteps {
  private final World world;

  public ReplySteps(World world) {
    this.world = world;
  }

  @Then("the reply matches the schema {string}")
  public void matchesSchema(String schema) {
    List<String> violations =
        SchemaCatalog.describe(
            SchemaCatalog.get().schema(schema).validate(world.lastExchange().reply()));
    if (!violations.isEmpty()) {
      throw world.failure("a reply valid against " + schema + "; violations: " + violations);
    }
  }

  @Then("the reply at {string} is the JSON {string}")
  public void replyAt(String pointer, String json) throws JsonViolation {
    JsonNode expected =
        StrictJsonParser.withDepthLimitOnly()
            .parse(Placeholders.expand(json, world).getBytes(StandardCharsets.UTF_8));
    JsonNode actual = world.lastExchange().reply().at(pointer);
    if (!expected.equals(actual)) {
      throw world.failure(pointer + " = " + expected);
    }
  }
}
