package org.web4.conformance.claims;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.miniatures.Defect;
import org.web4.conformance.miniatures.MiniatureBackend;
import org.web4.conformance.target.KitRoot;
import org.web4.envelope.SchemaCatalog;
import org.web4.harness.HarnessServer;
import org.web4.vectors.VectorGenerator;
import org.web4.vectors.VectorManifest;

/**
 * A failure becomes a regression vector, end to end with child processes and real files: a
 * miniature that accepts duplicate member names (its harness on loopback, reached through a {@code
 * connect} target) fails the property {@code non-ijson-is-refused/duplicate_member} (20 examples);
 * {@code vectors add-from-failure} turns the report's counterexample into {@code
 * jcs/jcs_test.json#97} of a copy of the kit's vectors (invalid, as the reference judges it);
 * {@code vectors verify} refuses the changed file until {@code vectors sign} re-signs the manifest;
 * then the new vector alone fails the miniature and passes the reference, and adding the same
 * exchange twice is refused. Every run selects one check (seconds each).
 */
class RegressionVectorCliTest {
  private static final String TOKEN = "regression-vector-token";
  private static final String PROPERTY = "properties/non-ijson-is-refused/duplicate_member";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aFailedPropertyBecomesAVectorThatCatchesTheSameBug() throws Exception {
    ChildCli cli = new ChildCli(dir);
    Path vectors = copyOfTheKitsVectors(dir.resolve("vectors"));
    int before =
        JSON.readTree(vectors.resolve("jcs/jcs_test.json").toFile()).path("numberOfTests").asInt();
    String newCase = "jcs/jcs_test.json#" + (before + 1);
    try (HarnessServer server = new HarnessServer()) {
      int port =
          server.start(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              TOKEN,
              new MiniatureBackend(Defect.ACCEPTS_DUPLICATE_MEMBERS));
      Files.writeString(
          dir.resolve("miniature.json"),
          "{\"name\": \"miniature accepting duplicate members\", \"connect\": {\"harness_url\":"
              + " \"http://127.0.0.1:"
              + port
              + "/harness/v1\", \"harness_token\": \""
              + TOKEN
              + "\"}}");

      ChildCli.Result failing =
          cli.run(
              "run",
              "--target",
              "miniature.json",
              "--check",
              PROPERTY,
              "--examples",
              "20",
              "--seed",
              "3",
              "--report-dir",
              "failing");
      assertThat(failing.exit()).as("%s", failing).isEqualTo(1);

      ChildCli.Result added =
          cli.run(
              "vectors",
              "add-from-failure",
              "failing/report.json",
              PROPERTY,
              "--vectors",
              "vectors");
      assertThat(added.exit()).as("%s", added).isZero();
      assertThat(added.out())
          .startsWith("added " + newCase + " (invalid) from " + PROPERTY + " [ENV-JSON-002]\n")
          .contains("next: web4-conformance vectors sign vectors");
      JsonNode test = lastTest(vectors.resolve("jcs/jcs_test.json"));
      JsonNode request = caseOf(dir.resolve("failing/report.json"), PROPERTY).path("request");
      assertThat(test.path("input").asText()).isEqualTo(request.path("input").asText());
      assertThat(test.path("flags").toString()).isEqualTo("[\"Regression\"]");
      assertThat(
              SchemaCatalog.get()
                  .schema("vectors/jcs_test.schema.json")
                  .validate(JSON.readTree(vectors.resolve("jcs/jcs_test.json").toFile())))
          .isEmpty();
      assertThat(test.path("comment").asText())
          .contains(
              "regression: case "
                  + PROPERTY
                  + " failed against miniature-accepts_duplicate_members");

      ChildCli.Result unsigned = cli.run("vectors", "verify", "vectors");
      assertThat(unsigned.exit()).as("%s", unsigned).isEqualTo(2);
      assertThat(unsigned.err()).startsWith("REFUSED jcs/jcs_test.json: SHA-256 is ");

      ChildCli.Result signed = cli.run("vectors", "sign", "vectors");
      assertThat(signed.exit()).as("%s", signed).isZero();
      // the runs below verify the re-signed manifest before anything else (exit 2 if refused)

      ChildCli.Result caught =
          cli.run(
              "run",
              "--target",
              "miniature.json",
              "--vectors",
              "vectors",
              "--check",
              newCase,
              "--report-dir",
              "caught");
      assertThat(caseOf(dir.resolve("caught/report.json"), newCase).path("outcome").asText())
          .as("%s", caught)
          .isEqualTo("failed");
    }
    ChildCli.Result reference =
        cli.run("run", "--vectors", "vectors", "--check", newCase, "--report-dir", "reference");
    assertThat(caseOf(dir.resolve("reference/report.json"), newCase).path("outcome").asText())
        .as("%s", reference)
        .isEqualTo("passed");

    ChildCli.Result twice =
        cli.run(
            "vectors", "add-from-failure", "failing/report.json", PROPERTY, "--vectors", "vectors");
    assertThat(twice.exit()).as("%s", twice).isEqualTo(2);
    assertThat(twice.err())
        .isEqualTo(
            "web4-conformance: CASE: " + PROPERTY + ": its exchange is " + newCase + " already\n");
  }

  @Test
  void aCaseThatPassedOrIsNotInTheReportIsOneLine() throws Exception {
    ChildCli cli = new ChildCli(dir);
    Files.writeString(
        dir.resolve("report.json"),
        "{\"header\": {}, \"cases\": [{\"id\": \"properties/canonical-form-agrees\","
            + " \"outcome\": \"passed\", \"requirements\": [\"ENV-JCS-001\"]}]}");
    Files.createDirectories(dir.resolve("vectors"));

    ChildCli.Result passed =
        cli.run(
            "vectors",
            "add-from-failure",
            "report.json",
            "properties/canonical-form-agrees",
            "--vectors",
            "vectors");
    ChildCli.Result missing =
        cli.run(
            "vectors",
            "add-from-failure",
            "report.json",
            "jcs/jcs_test.json#7",
            "--vectors",
            "vectors");

    assertThat(passed.exit()).isEqualTo(2);
    assertThat(passed.err())
        .isEqualTo(
            "web4-conformance: CASE: properties/canonical-form-agrees is passed; only a failed case"
                + " becomes a regression vector\n");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err())
        .isEqualTo("web4-conformance: CASE: the report has no case jcs/jcs_test.json#7\n");
  }

  /** MANIFEST.json, the files it lists and the development key: what {@code vectors sign} needs. */
  private static Path copyOfTheKitsVectors(Path copy) throws Exception {
    Path kit = KitRoot.locate(null).orElseThrow().resolve("vectors");
    Files.createDirectories(copy.resolve("signing"));
    Files.copy(kit.resolve(VectorManifest.FILE_NAME), copy.resolve(VectorManifest.FILE_NAME));
    Files.copy(
        kit.resolve(VectorGenerator.DEVELOPMENT_KEY),
        copy.resolve(VectorGenerator.DEVELOPMENT_KEY));
    for (JsonNode entry :
        JSON.readTree(kit.resolve(VectorManifest.FILE_NAME).toFile()).path("files")) {
      Path target = copy.resolve(entry.path("path").asText());
      Files.createDirectories(target.getParent());
      Files.copy(kit.resolve(entry.path("path").asText()), target);
    }
    return copy;
  }

  private static JsonNode lastTest(Path vectorFile) throws Exception {
    JsonNode groups = JSON.readTree(vectorFile.toFile()).path("testGroups");
    JsonNode tests = groups.get(groups.size() - 1).path("tests");
    return tests.get(tests.size() - 1);
  }

  private static JsonNode caseOf(Path report, String id) throws Exception {
    for (JsonNode c : JSON.readTree(report.toFile()).path("cases")) {
      if (c.path("id").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError(report + " has no case " + id);
  }
}
