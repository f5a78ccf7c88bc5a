package org.web4.conformance.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Target descriptor files (schemas/target/target.schema.json) for tests that run the CLI. */
public final class TargetFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TargetFiles() {}

  /** {@code file}: a running harness at {@code url}, profile full. */
  public static Path connect(Path file, String name, String url, String token) throws IOException {
    return write(
        file,
        Map.of(
            "name",
            name,
            "connect",
            Map.of("harness_url", url, "harness_token", token),
            "profile",
            "full"));
  }

  /** {@code file}: the reference started as a separate process from the test class path. */
  public static Path referenceProcess(Path file, String name) throws IOException {
    List<String> command =
        Objects.requireNonNull(ServeMain.descriptor(List.of()).launch()).command();
    return write(
        file,
        Map.of(
            "name",
            name,
            "launch",
            Map.of("command", command, "ready_timeout_seconds", 60),
            "profile",
            "full"));
  }

  private static Path write(Path file, Map<String, Object> descriptor) throws IOException {
    Files.writeString(file, JSON.writeValueAsString(descriptor), StandardCharsets.UTF_8);
    return file;
  }
}
