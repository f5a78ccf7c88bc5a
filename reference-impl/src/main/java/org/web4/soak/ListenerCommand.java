package org.web4.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.KeyFiles;

/**
 * The command line that starts the soak's listener, with RTT session resume on, on 127.0.0.1 and an
 * ephemeral RTT port: {@code reference} (this JVM's java and class path, {@code web4 serve}),
 * {@code python} ({@code python3 -m web4py serve} in implementations/python), or a target file
 * (targets/*.json: its {@code launch.command} and {@code workdir}, the placeholders filled as the
 * conformance runner fills them, {@code --rtt-resume} added).
 */
public record ListenerCommand(List<String> command, Path workdir) {
  private static final String MAIN = "org.web4.cli.Web4Command";

  /**
   * The reference listener's heap bound (ADR 1419): without one, G1 may grow the heap towards a
   * quarter of the machine's memory, and the listener's RSS rose for the whole hour (223 → 263 MiB)
   * with a live set of ~20 MiB. A bound makes the RSS a figure the soak can call flat, and a leak
   * show as GC pressure or an OutOfMemoryError instead of hiding in a growing heap.
   */
  static final String LISTENER_HEAP = "-Xmx256m";

  /**
   * The command for {@code target}, its events appended to {@code events}.
   *
   * @param events the listener appends its events (spec/events.md) here ({@code --events}, both
   *     implementations): the soak finds in it the refusals a cut took with it (ADR 1412)
   */
  public static ListenerCommand of(String target, Path kitRoot, Path events) throws IOException {
    ListenerCommand c = of(target, kitRoot);
    List<String> command = new ArrayList<>(c.command());
    command.add("--events");
    command.add(events.toAbsolutePath().toString());
    return new ListenerCommand(List.copyOf(command), c.workdir());
  }

  static ListenerCommand of(String target, Path kitRoot) throws IOException {
    return switch (target) {
      case "reference" ->
          new ListenerCommand(
              List.of(
                  java(),
                  LISTENER_HEAP,
                  "-cp",
                  System.getProperty("java.class.path"),
                  MAIN,
                  "serve",
                  "--rtt-resume",
                  "--rtt-port",
                  "0",
                  "--agent-id",
                  "soak-listener"),
              kitRoot);
      case "python" ->
          new ListenerCommand(
              List.of(
                  "python3",
                  "-m",
                  "web4py",
                  "serve",
                  "--rtt-resume",
                  "--rtt-port",
                  "0",
                  "--agent-id",
                  "soak-listener"),
              kitRoot.resolve("implementations/python"));
      default -> fromTargetFile(Path.of(target), kitRoot);
    };
  }

  private static ListenerCommand fromTargetFile(Path file, Path kitRoot) throws IOException {
    JsonNode launch = new ObjectMapper().readTree(file.toFile()).path("launch");
    if (!launch.path("command").isArray()) {
      throw new IOException(file + " has no launch.command");
    }
    Path key = Files.createTempFile("web4-soak-listener", ".pem");
    key.toFile().deleteOnExit();
    KeyFiles.writePrivateKey(AgentKeyPair.generate(new SecureRandom()), key);
    byte[] token = new byte[32];
    new SecureRandom().nextBytes(token);
    List<String> command = new ArrayList<>();
    for (JsonNode part : launch.path("command")) {
      command.add(
          fill(part.asText(), kitRoot)
              .replace("{harness_port}", Integer.toString(freePort()))
              .replace("{harness_token}", HexFormat.of().formatHex(token))
              .replace("{key_file}", key.toString())
              .replace("{rtt_port}", "0"));
    }
    command.add("--rtt-resume");
    String workdir = fill(launch.path("workdir").asText("{kit_root}"), kitRoot);
    Path dir = Path.of(workdir);
    return new ListenerCommand(command, dir.isAbsolute() ? dir : kitRoot.resolve(dir));
  }

  private static String fill(String s, Path kitRoot) {
    return s.replace("{java}", java()).replace("{kit_root}", kitRoot.toString());
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The kit's root: the nearest directory up from {@code from} holding targets/ and spec/. */
  public static Path kitRoot(Path from) {
    for (Path p = from.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("targets")) && Files.isDirectory(p.resolve("spec"))) {
        return p;
      }
    }
    return from.toAbsolutePath();
  }
}
