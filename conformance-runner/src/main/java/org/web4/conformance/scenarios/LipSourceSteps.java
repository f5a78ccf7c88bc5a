package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;

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
  private @Nullable HarnessException refusal;

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
    Exchange ex = world.harness().lipSources(request(rules));
    world.record(ex);
    lip.conforms(ex, "harness/lip_sources.response.schema.json");
    world.resetAtEnd();
  }

  private ObjectNode request(List<String[]> candidate) throws Exception {
    ObjectNode req = NODES.objectNode();
    ArrayNode list = req.putArray("sources");
    for (String[] r : candidate) {
      ObjectNode o = list.addObject();
      o.put("prefix", r[0].contains(":") ? r[0] : lip.uri(r[0]));
      o.put("tier", r[1]);
    }
    return req;
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

  // ------------------------------------------------------- the lip/sources request itself

  @When("the tester sets {int} source rules")
  public void setMany(int count) throws Exception {
    rules.clear();
    rules.addAll(many(count));
    configure();
  }

  @When("the tester tries to set {int} source rules")
  public void trySetMany(int count) throws Exception {
    trySet(many(count));
  }

  @When("the tester tries to set the source {string}")
  public void trySetOne(String prefix) throws Exception {
    List<String[]> one = new ArrayList<>(rules);
    one.add(new String[] {prefix, "low"});
    trySet(one);
  }

  @Then("lip\\/sources refused the request with status 400 BAD_REQUEST")
  public void refused() {
    HarnessException e = refusal;
    if (e == null || e.status() != 400 || !String.valueOf(e.rawReply()).contains("BAD_REQUEST")) {
      throw world.failure(
          "400 BAD_REQUEST for the lip/sources request (HAR-API-003); got "
              + (e == null ? "200 " + world.lastExchange().reply() : e.getMessage()));
    }
  }

  @Then("the implementation lists {int} sources")
  public void listsCount(int count) throws Exception {
    JsonNode sources = list();
    if (sources.size() != count) {
      throw world.failure(count + " rules in lip/sources; got " + sources.size());
    }
  }

  /** harness.md §4.13: "Rules are listed in ascending order of `prefix` (code point order)." */
  @Then("the implementation lists its sources in ascending order of prefix")
  public void listsInOrder() throws Exception {
    @Nullable String previous = null;
    for (JsonNode s : list()) {
      String prefix = s.path("prefix").asText();
      if (previous != null && compareCodePoints(previous, prefix) >= 0) {
        throw world.failure(
            "lip/sources in ascending code point order of prefix; got "
                + previous
                + " before "
                + prefix);
      }
      previous = prefix;
    }
  }

  /** Code point order (String.compareTo is UTF-16 order, which differs above U+FFFF). */
  private static int compareCodePoints(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    return java.util.Arrays.compare(x, y);
  }

  /** {@code count} distinct rules, /many/0000/ … in order. */
  private static List<String[]> many(int count) {
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new String[] {String.format("/many/%04d/", i), "low"});
    }
    return out;
  }

  private void trySet(List<String[]> candidate) throws Exception {
    world.resetAtEnd();
    try {
      Exchange ex = world.harness().lipSources(request(candidate));
      world.record(ex);
      refusal = null;
    } catch (HarnessException e) {
      refusal = e;
    }
  }

  private JsonNode list() throws Exception {
    Exchange ex = world.harness().lipSourcesList();
    world.record(ex);
    lip.conforms(ex, "harness/lip_sources_get.response.schema.json");
    return ex.reply().path("sources");
  }

  private JsonNode source(String prefix) throws Exception {
    String want = lip.uri(prefix);
    for (JsonNode s : list()) {
      if (s.path("prefix").asText().equals(want)) {
        return s;
      }
    }
    throw world.failure("a source " + want + " in lip/sources");
  }
}
