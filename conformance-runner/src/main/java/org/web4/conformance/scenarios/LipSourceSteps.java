package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import java.util.ArrayList;
import java.util.List;
import org.web4.conformance.harness.Exchange;

/**
 * Steps for spec/lip.md §4.6 (sources and trust tiers) through the harness: the implementation's
 * source rules (lip/sources) as the scenario sets them, and the tiers and runs it lists.
 */
public final class LipSourceSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final World world;
  private final LipState lip;

  public LipSourceSteps(World world, LipState lip) {
    this.world = world;
    this.lip = lip;
  }

  private final List<String[]> rules = new ArrayList<>();

  // ----------------------------------------------------------------------- source rules

  @Given("the implementation's source {string} is {string}")
  public void rule(String prefix, String tier) throws Exception {
    rules.add(new String[] {prefix, tier});
    configure();
  }

  @Given("the implementation's sources are:")
  public void rules(DataTable table) throws Exception {
    for (List<String> row : table.asLists()) {
      if (row.get(0).equals("prefix")) {
        continue;
      }
      rules.add(new String[] {row.get(0), row.get(1)});
    }
    configure();
  }

  private void configure() throws Exception {
    ObjectNode req = NODES.objectNode();
    ArrayNode list = req.putArray("sources");
    for (String[] r : rules) {
      ObjectNode o = list.addObject();
      o.put("prefix", lip.uri(r[0]));
      o.put("tier", r[1]);
    }
    Exchange ex = world.harness().lipSources(req);
    world.record(ex);
    lip.conforms(ex, "harness/lip_sources.response.schema.json");
    world.resetAtEnd();
  }

  @Then("the implementation lists the source {string} at tier {string}")
  public void listsSource(String prefix, String tier) throws Exception {
    JsonNode s = source(prefix);
    if (!s.path("tier").asText().equals(tier)) {
      throw world.failure("the source " + prefix + " at tier " + tier + "; got " + s);
    }
  }

  @Then(
      "the implementation lists the {word} source {string} at tier {string} with runs {int} and {int}")
  public void listsSourceRuns(String origin, String prefix, String tier, int c, int r)
      throws Exception {
    JsonNode s = source(prefix);
    if (!s.path("tier").asText().equals(tier)
        || !s.path("origin").asText().equals(origin)
        || s.path("corroborated_run").asInt(-1) != c
        || s.path("refuted_run").asInt(-1) != r) {
      throw world.failure(
          "the "
              + origin
              + " source "
              + prefix
              + " at "
              + tier
              + " with corroborated_run "
              + c
              + " and refuted_run "
              + r
              + "; got "
              + s);
    }
  }

  private JsonNode source(String prefix) throws Exception {
    Exchange ex = world.harness().lipSourcesList();
    world.record(ex);
    lip.conforms(ex, "harness/lip_sources_get.response.schema.json");
    String want = lip.uri(prefix);
    for (JsonNode s : ex.reply().path("sources")) {
      if (s.path("prefix").asText().equals(want)) {
        return s;
      }
    }
    throw world.failure("a source " + want + " in lip/sources");
  }
}
