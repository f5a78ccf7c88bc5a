package org.web4.conformance.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.web4.cli.ChildOutput;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.model.CapturedOutput;
import org.web4.conformance.model.SecretMask;
import org.web4.crypto.KeyFiles;

/**
 * An implementation the runner starts as a separate process from a descriptor's {@code launch}
 * block: it picks free loopback ports, writes a fresh key file (the run's seeded key), fills the
 * placeholders, starts the process, captures its output (the last MiB of each stream), waits for
 * the {@code ready} line and a 200 from {@code GET /info}, and always destroys the process tree at
 * the end, also when the JVM is stopped (a shutdown hook).
 */
public final class ProcessTarget implements Target {
  /** How much of each output stream of the IUT the report keeps. */
  static final int OUTPUT_TAIL_CHARS = 1 << 20;

  /** {@code rtt HOST:PORT}: where the implementation says it listens for RTT. */
  private static final Pattern RTT_LINE = Pattern.compile("rtt (\\S+):([0-9]{1,5})");

  private static final Pattern HARNESS_LINE =
      Pattern.compile("^harness (https?://\\S+) token=(\\S+)\\s*$");

  private final String name;
  private final Process process;
  private final ChildOutput stdout;
  private final ChildOutput stderr;
  private final HarnessClient client;
  private final Path tempDir;
  private final Thread shutdownHook;
  private final InetSocketAddress rtt;
  private final SecretMask secrets;

  private ProcessTarget(
      String name,
      Process process,
      ChildOutput stdout,
      ChildOutput stderr,
      HarnessClient client,
      Path tempDir,
      Thread shutdownHook,
      InetSocketAddress rtt,
      SecretMask secrets) {
    this.rtt = rtt;
    this.secrets = secrets;
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.client = client;
    this.tempDir = tempDir;
    this.shutdownHook = shutdownHook;
  }

  /** Starts the implementation and waits until its harness answers. */
  public static ProcessTarget start(TargetDescriptor descriptor, long seed) throws TargetException {
    TargetDescriptor.Launch launch = descriptor.launch();
    if (launch == null) {
      throw new TargetException(descriptor.name() + ": the descriptor has no launch block");
    }
    Path kitRoot =
        KitRoot.locate(descriptor.file())
            .orElseThrow(
                () ->
                    new TargetException(
                        "cannot find the kit root for {kit_root}: set -Dweb4.kit.root or"
                            + " WEB4_KIT_ROOT"));
    Path tempDir;
    Path keyFile;
    try {
      tempDir = Files.createTempDirectory("web4-conformance-");
      keyFile = tempDir.resolve("iut-key.pem");
      KeyFiles.writePrivateKey(IutKey.forSeed(seed), keyFile);
    } catch (IOException e) {
      throw new TargetException("cannot write the key file: " + e.getMessage(), e);
    }
    int harnessPort = freePort();
    int rttPort = freePort();
    String token = IutKey.newToken();
    List<String> secretForms =
        new ArrayList<>(SecretMask.printedForms(IutKey.forSeed(seed).seed()));
    secretForms.add(token);
    SecretMask secrets = SecretMask.of(secretForms);
    Map<String, String> values =
        Map.of(
            "{harness_port}", Integer.toString(harnessPort),
            "{harness_token}", token,
            "{key_file}", keyFile.toString(),
            "{rtt_port}", Integer.toString(rttPort),
            "{java}", javaExecutable(),
            "{kit_root}", kitRoot.toString());
    List<String> argv = new ArrayList<>();
    for (String arg : launch.command()) {
      argv.add(fill(arg, values));
    }
    Path workdir =
        launch.workdir() == null ? kitRoot : kitRoot.resolve(fill(launch.workdir(), values));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(workdir.toFile());
    launch.env().forEach((k, v) -> pb.environment().put(k, fill(v, values)));

    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      deleteQuietly(tempDir);
      throw new TargetException(
          descriptor.name() + ": cannot start " + argv + ": " + e.getMessage(), e);
    }
    Thread hook = new Thread(() -> destroyTree(process), "web4-conformance-iut-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);

    CountDownLatch ready = new CountDownLatch(1);
    AtomicReference<@Nullable String> announcedUrl = new AtomicReference<>();
    AtomicReference<@Nullable InetSocketAddress> announcedRtt = new AtomicReference<>();
    ChildOutput out =
        new ChildOutput(
            process.getInputStream(),
            "web4-conformance-iut-stdout",
            OUTPUT_TAIL_CHARS,
            line -> {
              Matcher m = HARNESS_LINE.matcher(line);
              Matcher r = RTT_LINE.matcher(line.strip());
              if (m.matches()) {
                announcedUrl.set(m.group(1));
              } else if (r.matches()) {
                announcedRtt.set(new InetSocketAddress(r.group(1), Integer.parseInt(r.group(2))));
              } else if (line.strip().equals("ready")) {
                ready.countDown();
              }
            });
    ChildOutput err =
        new ChildOutput(
            process.getErrorStream(), "web4-conformance-iut-stderr", OUTPUT_TAIL_CHARS, l -> {});

    String defaultUrl = "http://127.0.0.1:" + harnessPort + "/harness/v1";
    ProcessTarget target;
    long deadline = System.nanoTime() + launch.readyTimeout().toNanos();
    try {
      waitForReady(descriptor, process, ready, deadline, launch.readyTimeout());
      String url = announcedUrl.get();
      HarnessClient client = new HarnessClient(url == null ? defaultUrl : url, token);
      target =
          new ProcessTarget(
              descriptor.name(),
              process,
              out,
              err,
              client,
              tempDir,
              hook,
              rttAddress(announcedRtt.get(), rttPort),
              secrets);
      waitForInfo(descriptor, target, deadline, launch.readyTimeout());
    } catch (TargetException e) {
      destroyTree(process);
      out.awaitEnd(1000);
      err.awaitEnd(1000);
      removeHook(hook);
      deleteQuietly(tempDir);
      throw new TargetException(
          e.getMessage()
              + "\n--- stdout (tail) ---\n"
              + secrets.mask(last(out.text()))
              + "--- stderr (tail) ---\n"
              + secrets.mask(last(err.text())),
          e);
    }
    return target;
  }

  private static void waitForReady(
      TargetDescriptor d, Process p, CountDownLatch ready, long deadline, Duration timeout)
      throws TargetException {
    try {
      while (!ready.await(50, TimeUnit.MILLISECONDS)) {
        if (!p.isAlive()) {
          throw new TargetException(
              d.name() + ": the process exited with code " + p.exitValue() + " before 'ready'");
        }
        if (System.nanoTime() > deadline) {
          throw new TargetException(
              d.name() + ": no 'ready' line within " + timeout.toSeconds() + " s");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException(d.name() + ": interrupted while waiting for 'ready'", e);
    }
  }

  private static void waitForInfo(
      TargetDescriptor d, ProcessTarget t, long deadline, Duration timeout) throws TargetException {
    @Nullable HarnessException last = null;
    while (System.nanoTime() < deadline) {
      try {
        t.client.info();
        return;
      } catch (HarnessException e) {
        last = e;
      }
      if (!t.process.isAlive()) {
        break;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    String message =
        d.name() + ": GET /info did not answer 200 within " + timeout.toSeconds() + " s";
    if (last == null) {
      throw new TargetException(message);
    }
    throw new TargetException(message + ": " + last.getMessage(), last);
  }

  /** The launched process (its descendants are destroyed with it on {@link #close}). */
  public ProcessHandle processHandle() {
    return process.toHandle();
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Where the implementation listens for RTT: the {@code rtt HOST:PORT} line it printed, or else
   * the loopback address of the {@code {rtt_port}} the runner gave it.
   */
  @Override
  public Optional<InetSocketAddress> rtt() {
    return Optional.of(rtt);
  }

  @Override
  public HarnessClient harness() {
    return client;
  }

  @Override
  public CapturedOutput output() {
    // issue 16: no harness token or key in a report
    return secrets.mask(
        new CapturedOutput(stdout.text(), stderr.text(), stdout.truncated() || stderr.truncated()));
  }

  /** Destroys the process tree, collects the rest of its output and deletes the key file. */
  @Override
  public void close() {
    destroyTree(process);
    stdout.awaitEnd(2000);
    stderr.awaitEnd(2000);
    removeHook(shutdownHook);
    deleteQuietly(tempDir);
  }

  private static void destroyTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down; the hook runs anyway
    }
  }

  private static InetSocketAddress rttAddress(@Nullable InetSocketAddress announced, int port) {
    return announced != null
        ? announced
        : new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  private static int freePort() throws TargetException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new TargetException("cannot find a free loopback port: " + e.getMessage(), e);
    }
  }

  private static String javaExecutable() {
    Path bin = Path.of(System.getProperty("java.home"), "bin");
    Path java = bin.resolve("java");
    return Files.isRegularFile(java) ? java.toString() : bin.resolve("java.exe").toString();
  }

  private static String fill(String template, Map<String, String> values) {
    String out = template;
    for (Map.Entry<String, String> e : values.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }

  private static String last(String text) {
    int max = 4000;
    return text.length() <= max ? text : "..." + text.substring(text.length() - max);
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // best effort: a temp folder left behind holds only a throw-away key
    }
  }
}
