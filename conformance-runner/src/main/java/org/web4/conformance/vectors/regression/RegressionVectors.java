package org.web4.conformance.vectors.regression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web4.cli.CommandErrors.InputException;
import org.web4.vectors.PrettyJson;

/**
 * {@code vectors add-from-failure}: a failed case's harness exchange becomes a new test of the
 * vector file its operation belongs in, in a group of regressions, flagged {@value #FLAG}, with the
 * next free {@code tcId}, the case's requirement IDs and the reference's verdict. The file is
 * written as the generator writes it; MANIFEST.json is left alone, so the vectors verify again only
 * once re-signed ({@code vectors sign}): a changed vector file never passes unsigned.
 */
public final class RegressionVectors {
  /** The flag of every regression vector, explained in the file's {@code notes}. */
  public static final String FLAG = "Regression";

  private static final String NOTE =
      "A failing exchange of a conformance report, kept as a vector so that the failure stays"
          + " fixed; its verdict is the reference implementation's.";

  private RegressionVectors() {}

  /**
   * A test added to a vector file.
   *
   * @param file the file, relative to vectors/
   * @param tcId its id in that file
   * @param test the test as written
   */
  public record Added(String file, int tcId, ObjectNode test) {
    /** The id reports and {@code run --check} know it by. */
    public String checkId() {
      return file + "#" + tcId;
    }
  }

  /** Adds {@code failing} to its vector file under {@code vectorsDir}. */
  public static Added add(Path vectorsDir, FailingCase failing) throws IOException, InputException {
    VectorOperation op =
        VectorOperation.of(failing.request())
            .orElseThrow(
                () ->
                    new InputException(
                        "CASE: "
                            + failing.id()
                            + ": its exchange is not one a vector file replays (canonicalize,"
                            + " verify/envelope, verify/raw): request members "
                            + fieldNames(failing.request())));
    if (failing.id().startsWith(op.file() + "#")) {
      throw new InputException(
          "CASE: " + failing.id() + " is a vector of " + op.file() + " already");
    }
    Path path = vectorsDir.resolve(op.file());
    if (!Files.isRegularFile(path)) {
      throw new InputException("--vectors " + vectorsDir + ": no " + op.file());
    }
    JsonNode root = PrettyJson.mapper().readTree(Files.readAllBytes(path));
    if (!(root instanceof ObjectNode file)
        || !(file.path("testGroups") instanceof ArrayNode groups)) {
      throw new InputException(path + ": not a vector file (no testGroups)");
    }
    ObjectNode verdict = op.inputsAndVerdict(failing.request());
    ObjectNode group = op.groupFor(groups, failing.request()).orElse(null);
    String identity = op.identityOf(op.newGroup(failing.request()), verdict);
    int maxId = 0;
    for (JsonNode g : groups) {
      for (JsonNode t : g.path("tests")) {
        maxId = Math.max(maxId, t.path("tcId").asInt());
        if (op.identityOf(g, t).equals(identity)) {
          throw new InputException(
              "CASE: "
                  + failing.id()
                  + ": its exchange is "
                  + op.file()
                  + "#"
                  + t.path("tcId").asInt()
                  + " already");
        }
      }
    }
    if (group == null) {
      group = groups.addObject().setAll(op.newGroup(failing.request()));
    }
    ObjectNode test = group.withArray("tests").addObject();
    test.put("tcId", maxId + 1);
    test.put("comment", failing.title() + "; " + failing.provenance());
    test.putArray("flags").add(FLAG);
    ArrayNode requirements = test.putArray("requirements");
    failing.requirements().forEach(requirements::add);
    test.setAll(verdict);
    file.put("numberOfTests", file.path("numberOfTests").asInt() + 1);
    ObjectNode notes = file.withObjectProperty("notes");
    if (!notes.has(FLAG)) {
      notes.putObject(FLAG).put("bugType", "Functionality").put("description", NOTE);
    }
    Files.write(path, PrettyJson.write(file));
    return new Added(op.file(), maxId + 1, test);
  }

  private static String fieldNames(JsonNode request) {
    StringBuilder names = new StringBuilder();
    request
        .fieldNames()
        .forEachRemaining(n -> names.append(names.length() == 0 ? "" : ", ").append(n));
    return names.length() == 0 ? "(none)" : names.toString();
  }
}
