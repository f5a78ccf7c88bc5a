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
   * A running implementation's harness and its RTT address; either may be missing (not both).
   *
   * @param harnessUrl the harness base URL, or null for an implementation without a harness (it is
   *     tested over the wire alone: profile core)
   * @param harnessToken the harness token; null exactly when harnessUrl is
   * @param rttAddress {@code host:port}, or null when the implementation is not reached over RTT
   */
  public record Connect(
      @Nullable String harnessUrl, @Nullable String harnessToken, @Nullable String rttAddress) {
    public Connect {
      if ((harnessUrl == null) != (harnessToken == null)) {
        throw new IllegalArgumentException("harness_url and harness_token go together");
      }
      if (harnessUrl == null && rttAddress == null) {
        throw new IllegalArgumentException(
            "a connect block names a harness, an RTT address or both");
      }
    }

    /** Whether the implementation has a harness the runner can use. */
    public boolean hasHarness() {
      return harnessUrl != null;
    }
  }

  /** Whether the described implementation has a harness (a launched one always has). */
  public boolean hasHarness() {
    return connect == null || connect.hasHarness();
  }

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
          new Connect(text(c, "harness_url"), text(c, "harness_token"), text(c, "rtt_address"));
    } else if (root.path("rtt").isTextual()) {
      // {"rtt":"host:port"}: the wire alone, no harness (profile core, issue 15 decision 4)
      connect = new Connect(null, null, root.path("rtt").asText());
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
    String name =
        root.path("name").isTextual()
            ? root.path("name").asText()
            : connect != null && connect.rttAddress() != null
                ? "RTT at " + connect.rttAddress()
                : String.valueOf(file.getFileName());
    return new TargetDescriptor(name, launch, connect, profile, file, expected);
  }

  private static @Nullable String text(JsonNode parent, String member) {
    return parent.path(member).isTextual() ? parent.path(member).asText() : null;
  }
}
