package org.web4.conformance.rtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.ConformanceRun;
import org.web4.conformance.run.ConformanceRunner;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.RunOptions;
import org.web4.conformance.run.Suite;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.target.IutKey;
import org.web4.conformance.vectors.VectorSet;
import org.web4.harness.HarnessBackend;
import org.web4.harness.HarnessServer;
import org.web4.rtt.RttEvent;

/**
 * Exact replay (issue 14 item 5): with one seed and a fixed clock, the tester sends the same bytes
 * in every run — handshake message 1 (its ephemeral key), the identity payloads and every frame
 * plaintext (as a set per connection, without its sequence number: the tester's automatic CREDIT
 * and PONG interleave with its scripted frames as the implementation's timing has it) — and with
 * another seed different ones. The implementation is the reference on the same fixed clock with a
 * seeded random generator, so that what the tester echoes of it (a CIP VERIFY signs its nonces)
 * repeats too.
 */
class ExactReplayTest {
  private static final Instant FIXED = Instant.parse("2026-06-01T12:00:00Z");
  private static final String TOKEN = "replay-token";

  /** RTT frames, GOAWAY, the implementation dialling, CIP handshake and intents, one LIP fetch. */
  private static final String SUBSET =
      "@RTT-FR-001 or @RTT-FR-002 or @RTT-GA-001 or (@RTT-HS-001 and @HAR-RTT-001)"
          + " or @CIP-HS-005 or @CIP-INT-001 or (@LIP-FET-003 and @HAR-CIP-002)";

  @Test
  void oneSeedAndAFixedClockReplayTheTestersBytesAndAnotherSeedDoesNot() throws Exception {
    List<String> first = testerBytes(8128);
    List<String> again = testerBytes(8128);
    List<String> other = testerBytes(8129);

    assertThat(first).hasSizeGreaterThan(10);
    assertThat(again).containsExactlyElementsOf(first);
    assertThat(first.stream().filter(l -> l.contains("handshake message 1")))
        .isNotEmpty()
        .doesNotContainAnyElementsOf(other);
    assertThat(other).isNotEqualTo(first);
  }

  /** What the tester sent on each connection of the subset, one line per message, in order. */
  private static List<String> testerBytes(long seed) throws Exception {
    RequirementCatalog catalog = RequirementCatalog.bundled();
    RunOptions options =
        new RunOptions(null, null, seed, null, SUBSET, null, null, false, List.of());
    List<Suite> suites =
        new ConformanceRun(catalog, ProgressListener.NONE)
            .suites(VectorSet.fromClasspath(), options).stream()
                .filter(s -> s.name().startsWith("features/"))
                .toList();
    List<Recorder> connections = Collections.synchronizedList(new ArrayList<>());
    List<CaseResult> results;
    Clock fixed = Clock.fixed(FIXED, ZoneOffset.UTC);
    try (ReferenceAgent agent =
            new ReferenceAgent(
                new HarnessBackend.Implementation("replayed", "1"),
                "replayed",
                IutKey.forSeed(seed),
                new AdjustableClock(fixed),
                TesterRandom.of(seed, "the implementation's own randomness"),
                RttEvent.Sink.none());
        HarnessServer server = new HarnessServer()) {
      InetSocketAddress rtt =
          agent.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port =
          server.start(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, agent.backend());
      HarnessClient client = new HarnessClient("http://127.0.0.1:" + port + "/harness/v1", TOKEN);
      TesterContext.Binding recording =
          TesterContext.observe(
              c -> {
                Recorder r = new Recorder(c);
                connections.add(r);
                return r;
              });
      try {
        results =
            new ConformanceRunner(catalog, Profile.FULL, seed, client, ProgressListener.NONE)
                .withRtt(rtt)
                .withTesterClock(fixed)
                .run(suites);
      } finally {
        recording.close();
      }
    }
    assertThat(results)
        .filteredOn(c -> c.kind() == CaseKind.SCENARIO)
        .hasSizeGreaterThanOrEqualTo(8)
        .allSatisfy(
            c -> assertThat(c.outcome()).as(c.id() + " " + c.message()).isEqualTo(Outcome.PASSED));
    List<String> lines = new ArrayList<>();
    for (Recorder r : connections) {
      lines.addAll(r.lines());
    }
    return lines;
  }

  /** The tester's side of one connection. */
  private static final class Recorder implements WireObserver {
    private final String label;
    private final List<String> lines = new ArrayList<>();

    Recorder(Connection connection) {
      this.label = connection.label();
    }

    @Override
    public synchronized void handshakeSent(int number, byte[] message, byte[] payload) {
      lines.add(
          label
              + " handshake message "
              + number
              + (number == 1
                  ? " " + HexFormat.of().formatHex(message)
                  : " payload " + new String(payload, StandardCharsets.UTF_8)));
    }

    @Override
    public synchronized void plaintextSent(byte[] plaintext) {
      // The sequence number (bytes 4..7, rtt.md §4.1) is left out: when the tester's automatic
      // answers (CREDIT, PONG) go out relative to its scripted frames follows the implementation's
      // timing, so the numbering may differ; the content of every frame may not.
      byte[] unnumbered = plaintext.clone();
      java.util.Arrays.fill(unnumbered, 4, Math.min(8, unnumbered.length), (byte) 0);
      lines.add(label + " frame " + HexFormat.of().formatHex(unnumbered));
    }

    /** Handshake lines in order, then the connection's frames sorted (their order is timing). */
    synchronized List<String> lines() {
      List<String> handshake = lines.stream().filter(l -> !l.contains(" frame ")).toList();
      List<String> frames = lines.stream().filter(l -> l.contains(" frame ")).sorted().toList();
      List<String> all = new ArrayList<>(handshake);
      all.addAll(frames);
      return all;
    }
  }
}
