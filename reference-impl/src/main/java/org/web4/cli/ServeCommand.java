package org.web4.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.build.KitBuild;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.KeyFiles;
import org.web4.harness.BearerToken;
import org.web4.harness.HarnessBackend;
import org.web4.harness.HarnessServer;
import org.web4.rtt.RttEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code web4 serve}: runs the reference agent. The conformance harness (spec/harness.md) is off
 * unless {@code --harness} or {@code --harness-port} is given, and then listens on 127.0.0.1 only.
 *
 * <p>Standard output carries one machine-readable line per fact, then {@code ready}:
 *
 * <pre>
 * identity agent_id=web4-reference fingerprint=&lt;64 hex&gt;
 * rtt 127.0.0.1:&lt;port&gt;
 * harness http://127.0.0.1:&lt;port&gt;/harness/v1 token=&lt;token&gt;
 * ready
 * </pre>
 *
 * Notes for humans go to standard error.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Run the reference agent. The conformance harness is for conformance testing only: never"
            + " enable it in production.")
public final class ServeCommand implements Callable<Integer> {
  private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

  @Option(
      names = "--rtt-port",
      paramLabel = "PORT",
      description = "RTT listening port (0 = ephemeral).")
  int rttPort = 0;

  @Option(
      names = "--harness",
      description = "Enable the conformance harness on an ephemeral loopback port.")
  boolean harness;

  @Option(
      names = "--harness-port",
      paramLabel = "PORT",
      description = "Enable the conformance harness on this loopback port (0 = ephemeral).")
  @Nullable Integer harnessPort;

  @Option(
      names = "--harness-token",
      paramLabel = "TOKEN",
      description = "Bearer token for the harness (default: a random 32-byte hex token, printed).")
  @Nullable String harnessToken;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "Identity key: PEM PKCS#8 Ed25519 (default: an ephemeral key).")
  @Nullable Path key;

  @Option(
      names = "--rtt-host",
      paramLabel = "HOST",
      description = "RTT listening address (default: ${DEFAULT-VALUE}).")
  String rttHost = "127.0.0.1";

  @Option(names = "--verbose", description = "Print every RTT and CIP step to standard error.")
  boolean verbose;

  @Option(
      names = "--mission",
      paramLabel = "TOPIC",
      split = ",",
      description =
          "The agent's mission topics: most accepted intents outside them is mission drift.")
  java.util.List<String> mission = new java.util.ArrayList<>();

  @Option(
      names = "--events",
      paramLabel = "FILE",
      description = "Append every observability event (spec/events.md) to FILE as JSON lines.")
  @Nullable Path eventsFile;

  @Option(
      names = "--sources",
      paramLabel = "FILE",
      description =
          "LIP source rules to start with (spec/lip.md §4.6): JSON as the harness lip/sources"
              + " request, {\"sources\":[{\"prefix\":URI,\"tier\":TIER}, ...]}.")
  @Nullable Path sourcesFile;

  @Option(
      names = "--rtt-resume",
      description =
          "List \"1.1\" in the RTT handshake and keep sessions resumable (RTT session resume,"
              + " docs/drafts/rtt-resume.md: a draft, off by default; the kit does not judge it yet).")
  boolean rttResume;

  @Option(
      names = "--agent-id",
      paramLabel = "ID",
      description = "The agent's name (default: ${DEFAULT-VALUE}).")
  String agentId = "web4-reference";

  /** What {@link #start} started; {@link #close()} stops it. */
  public static final class Running implements AutoCloseable {
    private final ReferenceAgent agent;
    private final InetSocketAddress rtt;
    private final @Nullable HarnessServer harnessServer;

    Running(ReferenceAgent agent, InetSocketAddress rtt, @Nullable HarnessServer harnessServer) {
      this.agent = agent;
      this.rtt = rtt;
      this.harnessServer = harnessServer;
    }

    public ReferenceAgent agent() {
      return agent;
    }

    public InetSocketAddress rttAddress() {
      return rtt;
    }

    @Override
    public void close() {
      if (harnessServer != null) {
        harnessServer.stop();
      }
      agent.close();
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    Running running;
    try {
      running = start(System.out, System.err);
    } catch (IllegalArgumentException e) {
      System.err.println("web4 serve: " + e.getMessage());
      return CommandErrors.USAGE;
    } catch (IOException e) {
      // a key file that cannot be read, a port that cannot be bound: I/O errors, exit 2
      System.err.println("web4 serve: " + CommandErrors.describe(e));
      return CommandErrors.USAGE;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "web4-serve-shutdown"));
    new CountDownLatch(1).await();
    return 0;
  }

  /**
   * Starts the listeners and prints their lines and {@code ready} to {@code out}.
   *
   * @throws IllegalArgumentException for an invalid option value
   * @throws IOException if the key file cannot be read or a port cannot be bound
   */
  public Running start(PrintStream out, PrintStream err) throws IOException {
    if (!AGENT_ID.matcher(agentId).matches()) {
      throw new IllegalArgumentException(
          "--agent-id must match ^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$: " + agentId);
    }
    checkPort("--rtt-port", rttPort);
    Integer port = harnessPort;
    if (port != null) {
      checkPort("--harness-port", port);
    }
    SecureRandom random = new SecureRandom();
    AgentKeyPair identity;
    Path keyFile = key;
    if (keyFile != null) {
      identity = KeyFiles.readPrivateKey(keyFile);
    } else {
      identity = AgentKeyPair.generate(random);
      err.println("note: no --key given; using an ephemeral identity key");
    }
    out.println(
        "identity agent_id=" + agentId + " fingerprint=" + identity.publicKey().fingerprint());
    ReferenceAgent agent =
        new ReferenceAgent(
            new HarnessBackend.Implementation("web4-reference", KitBuild.current().kitVersion()),
            agentId,
            identity,
            new AdjustableClock(Clock.systemUTC()),
            random,
            verbose ? e -> err.println(EventLines.format(e)) : RttEvent.Sink.none(),
            java.util.Set.of(),
            jsonLines(eventsFile));
    agent.mission(java.util.Set.copyOf(mission));
    Path sources = sourcesFile;
    if (sources != null) {
      try {
        agent.lipRuntime().startRules(SourcesFile.read(sources));
      } catch (IllegalArgumentException | IOException e) {
        agent.close();
        throw e;
      }
    }
    agent.endpoint().enableResume(rttResume); // draft RTT 1.1, off unless --rtt-resume
    agent.rememberStartupResume(); // what harness reset restores [HAR-RES-002]
    InetSocketAddress rtt;
    try {
      rtt = agent.listen(new InetSocketAddress(InetAddress.getByName(rttHost), rttPort));
    } catch (IOException e) {
      agent.close();
      throw e;
    }
    out.println("rtt " + rttHost + ":" + rtt.getPort());

    HarnessServer harnessServer = null;
    if (harness || port != null) {
      String token = harnessToken != null ? harnessToken : BearerToken.generate(random);
      harnessServer = new HarnessServer();
      try {
        harnessServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port == null ? 0 : port),
            token,
            agent.backend());
      } catch (IOException e) {
        agent.close();
        throw e;
      }
      err.println("note: the conformance harness is for conformance testing only");
      out.println("harness " + harnessServer.baseUri() + " token=" + token);
    }
    out.println("ready");
    out.flush();
    return new Running(agent, rtt, harnessServer);
  }

  /** Appends each event to the file as one JSON line, or does nothing without a file. */
  private static java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode>
      jsonLines(@Nullable Path file) throws IOException {
    if (file == null) {
      return e -> {};
    }
    java.io.Writer w =
        java.nio.file.Files.newBufferedWriter(
            file,
            java.nio.charset.StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
    return e -> {
      synchronized (w) {
        try {
          w.write(e.toString());
          w.write('\n');
          w.flush();
        } catch (IOException ex) {
          // the agent keeps running without its event file
        }
      }
    };
  }

  private static void checkPort(String option, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(option + " must be 0 to 65535, not " + port);
    }
  }
}
