package org.web4.conformance.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.Profile;
import org.web4.envelope.SchemaCatalog;

/**
 * A target descriptor file (schemas/target/target.schema.json): how to reach an implementation,
 * either by launching it or by connecting to one that runs already.
 *
 * @param name a display name
 * @param launch how to start it, or null
 * @param connect where it runs, or null
 * @param profile the default profile for this target, or null
 * @param file the descriptor's file, or null for the embedded default
 * @param expectedFailures the target's expected-failures file (resolved), or null
 */
public record TargetDescriptor(
    String name,
    @Nullable Launch launch,
    @Nullable Connect connect,
    @Nullable Profile profile,
    @Nullable Path file,
    @Nullable Path expectedFailures) {

  /** A descriptor without an expected-failures file. */
  public TargetDescriptor(
      String name,
      @Nullable Launch launch,
      @Nullable Connect connect,
      @Nullable Profile profile,
      @Nullable Path file) {
    this(name, launch, connect, profile, file, null);
  }

  /**
   * How to start the implementation.
   *
   * @param command argv with placeholders {@code {harness_port} {harness_token} {key_file}
   *     {rtt_port} {java} {kit_root}}
   * @param workdir the working directory (placeholders allowed), or null for the kit root
   * @param env extra environment variables
   * @param readyTimeout how long to wait for {@code ready} and a 200 from {@code /info}
   */
  public record Launch(
      List<String> command,
      @Nullable String workdir,
      Map<String, String> env,
      Duration readyTimeout) {
    public Launch {
      command = List.copyOf(command);
      env = Map.copyOf(env);
    }
  }

  /**
   * A running implementation's harness and, optionally, its RTT address.
   *
   * @param rttAddress {@code host:port}, or null when the implementation is not reached over RTT
   */
  public record Connect(String harnessUrl, String harnessToken, @Nullable String rttAddress) {}

  public static final String SCHEMA = "target/target.schema.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads and validates a descriptor file. */
  public static TargetDescriptor read(Path file) throws TargetException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new TargetException(JsonFileProblem.describe(file, e), e);
    }
    if (root == null) {
      throw new TargetException(file + ": empty target descriptor");
    }
    List<String> violations =
        SchemaCatalog.describe(SchemaCatalog.get().schema(SCHEMA).validate(root));
    if (!violations.isEmpty()) {
      throw new TargetException(
          file + ": not a valid target descriptor (" + SCHEMA + "): " + violations);
    }
    Launch launch = null;
    JsonNode l = root.path("launch");
    if (l.isObject()) {
      List<String> command = new ArrayList<>();
      l.path("command").forEach(c -> command.add(c.asText()));
      Map<String, String> env = new LinkedHashMap<>();
      l.path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
      launch =
          new Launch(
              command,
              l.path("workdir").isTextual() ? l.path("workdir").asText() : null,
              env,
              Duration.ofSeconds(l.path("ready_timeout_seconds").asInt(30)));
    }
    Connect connect = null;
    JsonNode c = root.path("connect");
    if (c.isObject()) {
      connect =
          new Connect(
              c.path("harness_url").asText(),
              c.path("harness_token").asText(),
              c.path("rtt_address").isTextual() ? c.path("rtt_address").asText() : null);
    }
    Profile profile =
        root.path("profile").isTextual()
            ? Profile.valueOf(root.path("profile").asText().toUpperCase(java.util.Locale.ROOT))
            : null;
    Path expected = null;
    if (root.path("expected_failures").isTextual()) {
      Path dir = file.toAbsolutePath().getParent();
      expected = (dir == null ? Path.of("") : dir).resolve(root.path("expected_failures").asText());
    }
    return new TargetDescriptor(
        root.path("name").asText(), launch, connect, profile, file, expected);
  }
}
