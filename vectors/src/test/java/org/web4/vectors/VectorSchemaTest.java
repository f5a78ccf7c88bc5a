package org.web4.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.web4.envelope.SchemaCatalog;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/** Every vector file (and the manifest) validates against the schema it names. */
class VectorSchemaTest {

  @TestFactory
  Stream<DynamicTest> everyVectorFileValidatesAgainstItsSchema() throws IOException, JsonViolation {
    JsonNode manifest = parse("MANIFEST.json");
    Stream<DynamicTest> manifestTest =
        Stream.of(
            DynamicTest.dynamicTest(
                "MANIFEST.json", () -> assertValid(manifest, "vectors/manifest.schema.json")));
    Stream.Builder<DynamicTest> files = Stream.builder();
    for (JsonNode entry : manifest.get("files")) {
      String path = entry.get("path").asText();
      files.add(
          DynamicTest.dynamicTest(
              path,
              () -> {
                JsonNode file = parse(path);
                assertThat(file.get("schema").asText()).isEqualTo(entry.get("schema").asText());
                assertValid(file, file.get("schema").asText());
              }));
    }
    return Stream.concat(manifestTest, files.build());
  }

  private static void assertValid(JsonNode document, String schemaPath) {
    assertThat(SchemaCatalog.describe(SchemaCatalog.get().schema(schemaPath).validate(document)))
        .as("violations of %s", schemaPath)
        .isEmpty();
  }

  private static JsonNode parse(String path) throws IOException, JsonViolation {
    return StrictJsonParser.withDepthLimitOnly()
        .parse(Files.readAllBytes(KitFiles.vectors().resolve(path)));
  }
}
