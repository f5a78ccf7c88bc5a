package org.web4.conformance.robustness;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.conformance.rtt.Transcript;
import org.web4.conformance.scenarios.NotApplicableHere;
import org.web4.rtt.RttLimits;

/**
 * The handshake pool held from one source (issue 20: "64 idle sockets re-opened every 10 s lock out
 * every new peer"): {@value #HELD} connections from a second source address of the tester's
 * (127.0.0.2 on loopback) each send handshake message 1, take message 2 and then stay silent — 64
 * handshakes in progress, the whole pool of RTT-LIM-002. Before every attempt of the legitimate
 * peer, the attack re-opens each held connection the implementation closed and replaces each one
 * older than {@value #REPLACE_AFTER_SECONDS} s (well before the 10 s of RTT-LIM-001 close it), so
 * that the pool is full whenever the legitimate peer arrives. [RTT-LIM-006] The legitimate peer,
 * from the tester's first address, holds fewer handshakes than the source holding the most: the
 * implementation must close that source's oldest and serve it, within the profile's 30 s (retries
 * allowed, each against a full pool). An implementation with one global limit of 64 refuses every
 * attempt. The attack needs a second source address, which only an IPv4 loopback target gives the
 * tester: against any other target it is not applicable, with the reason.
 */
final class HandshakePoolHold extends AttackCheck {
  /** Connections the attack holds in the handshake: the whole pool. */
  static final int HELD = RttLimits.MAX_UNAUTHENTICATED;

  /** A held connection is replaced by a new one once this old, well before RTT-LIM-001's 10 s. */
  static final int REPLACE_AFTER_SECONDS = 5;

  /** The wait for message 2 on a held connection. */
  private static final Duration MESSAGE_2_WITHIN = Duration.ofSeconds(5);

  HandshakePoolHold() {
    super(
        "handshake-pool-hold",
        HELD
            + " handshakes held from a second source address, re-opened as they close; a"
            + " legitimate peer from the first is served",
        List.of("RTT-LIM-006"),
        false);
  }

  @Override
  void attack(Attack attack) throws Exception {
    InetSocketAddress target = attack.rtt();
    InetAddress host = target.getAddress();
    if (host == null || !host.isLoopbackAddress() || !(host instanceof Inet4Address)) {
      // not the implementation's fault: the tester has one source address towards a remote target
      throw new NotApplicableHere(
          "the attack needs a second source address (127.0.0.2), which only an IPv4 loopback"
              + " target gives the tester; the target is "
              + target
              + " (run the kit on the implementation's host)");
    }
    InetAddress source =
        InetAddress.getByName(
            host.getHostAddress().equals("127.0.0.2") ? "127.0.0.3" : "127.0.0.2");
    Pool pool = new Pool(attack, source);
    try {
      pool.topUp();
      attack.sampleProcess("with the pool held");
      LegitimatePeer.Result during =
          LegitimatePeer.probe(
              target,
              attack.seed(),
              attack.transcript(),
              legitimateDeadline(),
              pool::topUp,
              "legitimate");
      attack.note(
          "held from "
              + source.getHostAddress()
              + ": "
              + pool.opened
              + " connections opened, "
              + pool.replaced
              + " replaced before RTT-LIM-001's timeout, "
              + pool.closedByImplementation
              + " found closed by the implementation and re-opened, "
              + pool.refusedAtOnce
              + " refused at once; "
              + pool.heldBeforeLastAttempt
              + " of "
              + HELD
              + " held when the legitimate peer's last attempt began");
      attack.note("legitimate peer while the pool was held: " + during.describe());
      if (!during.served()) {
        attack.violation(
            "RTT-LIM-006: a peer from another source than the "
                + pool.heldBeforeLastAttempt
                + " handshakes held from "
                + source.getHostAddress()
                + " must displace the oldest of them and be served; "
                + during.describe());
      }
    } finally {
      pool.close();
    }
  }

  /** The held connections, kept full between the legitimate peer's attempts. */
  private static final class Pool {
    private final Attack attack;
    private final InetAddress source;
    // the held connections' many handshakes would drown the transcript: a throwaway one
    private final Transcript quiet = new Transcript();
    private final List<Held> held = new ArrayList<>();
    int opened;
    int replaced;
    int closedByImplementation;
    int refusedAtOnce;
    int heldBeforeLastAttempt;

    Pool(Attack attack, InetAddress source) {
      this.attack = attack;
      this.source = source;
    }

    /** Replaces the closed and the old connections, then opens new ones up to {@link #HELD}. */
    void topUp() throws Exception {
      long now = System.nanoTime();
      for (int i = held.size() - 1; i >= 0; i--) {
        Held h = held.get(i);
        boolean old = now - h.since > REPLACE_AFTER_SECONDS * 1_000_000_000L;
        boolean closed = !old && h.closedByImplementation();
        if (old || closed) {
          h.peer.close();
          held.remove(i);
          if (old) {
            replaced++;
          } else {
            closedByImplementation++;
          }
        }
      }
      int refusedThisRound = 0;
      while (held.size() < HELD && refusedThisRound < 3) {
        Optional<Held> h = open();
        if (h.isEmpty()) {
          refusedThisRound++; // the pool is full already (something else holds a handshake)
        } else {
          held.add(h.get());
        }
      }
      heldBeforeLastAttempt = held.size();
    }

    /** A new connection in the handshake (message 2 taken), or empty when refused at once. */
    private Optional<Held> open() throws Exception {
      String name = "holder-" + opened++;
      TesterPeer peer = TesterPeer.connectFrom(source, attack.rtt(), quiet, attack.seed(), name);
      long since = System.nanoTime();
      try {
        peer.sendMessage1(new byte[0]);
        if (peer.readHandshakeMessage(MESSAGE_2_WITHIN).isPresent()) {
          return Optional.of(new Held(peer, since));
        }
      } catch (IOException e) {
        // refused (reset), or no message 2 in time: not held
      }
      peer.close();
      refusedAtOnce++;
      return Optional.empty();
    }

    void close() {
      held.forEach(h -> h.peer.close());
      held.clear();
    }
  }

  private record Held(TesterPeer peer, long since) {
    /** Whether the implementation has closed it (nothing more comes in the handshake). */
    boolean closedByImplementation() {
      try {
        return peer.readHandshakeMessage(Duration.ofMillis(1)).isEmpty();
      } catch (IOException e) {
        return false; // nothing within 1 ms: still open, as it should be
      }
    }
  }
}
