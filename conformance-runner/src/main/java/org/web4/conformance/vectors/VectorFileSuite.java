package org.web4.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.Needs;
import org.web4.conformance.run.Suite;

/**
 * A suite made of one vector file: every test of every group is its own check, with the stable id
 * {@code <file path>#<tcId>}, the test's comment as title and its requirement IDs. Subclasses say
 * how one test is run through the harness and judged. Vector suites go through the harness, so they
 * belong to the {@code full} profile.
 */
public abstract class VectorFileSuite implements Suite {
  protected static final HexFormat HEX = HexFormat.of();

  private final VectorSet.VectorFileEntry file;
  private final List<Check> checks;
  private final Needs needs;

  /**
   * @param needs what every test of the file needs: the harness operation it calls ({@link
   *     Needs#forOperation})
   */
  protected VectorFileSuite(VectorSet.VectorFileEntry file, Needs needs) {
    this.file = file;
    this.needs = needs;
    List<Check> list = new ArrayList<>();
    for (JsonNode group : file.content().path("testGroups")) {
      for (JsonNode test : group.path("tests")) {
        list.add(new VectorCheck(group, test));
      }
    }
    this.checks = List.copyOf(list);
  }

  @Override
  public String name() {
    return file.path();
  }

  @Override
  public Profile profile() {
    return Profile.FULL;
  }

  @Override
  public List<Check> checks() {
    return checks;
  }

  /** Runs one test of a group against the implementation and judges its answer. */
  protected abstract CheckOutcome check(JsonNode group, JsonNode test, CheckContext context)
      throws Exception;

  /** What one test needs; by default what every test of the file needs. */
  protected Needs needsOf(JsonNode test) {
    return needs;
  }

  /** The test's expected {@code result}: {@code valid}, {@code invalid} or {@code acceptable}. */
  protected static String result(JsonNode test) {
    return test.path("result").asText();
  }

  protected static byte[] hex(JsonNode node) {
    return HEX.parseHex(node.asText());
  }

  private final class VectorCheck implements Check {
    private final JsonNode group;
    private final JsonNode test;
    private final String id;
    private final List<String> requirements;

    VectorCheck(JsonNode group, JsonNode test) {
      this.group = group;
      this.test = test;
      this.id = file.path() + "#" + test.path("tcId").asInt();
      List<String> reqs = new ArrayList<>();
      test.path("requirements").forEach(r -> reqs.add(r.asText()));
      this.requirements = List.copyOf(reqs);
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String title() {
      return test.path("comment").asText();
    }

    @Override
    public CaseKind kind() {
      return CaseKind.VECTOR;
    }

    @Override
    public List<String> requirements() {
      return requirements;
    }

    @Override
    public Needs needs() {
      return needsOf(test);
    }

    @Override
    public CheckOutcome run(CheckContext context) throws Exception {
      return check(group, test, context);
    }
  }
}
