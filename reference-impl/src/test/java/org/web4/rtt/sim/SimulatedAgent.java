package org.web4.rtt.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.session.Delivery;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttEndpoint;
import org.web4.rtt.session.RttReplayException;
import org.web4.rtt.session.RttRuntime;
import org.web4.rtt.session.RttTransportException;

/**
 * One of the two reference agents: its identity and address, which survive a kill, and its current
 * incarnation — an {@link RttEndpoint} with resume enabled on the simulated network, and the RTT
 * connections it built, oldest first (its application takes messages from the oldest first: what an
 * old connection delivered before a break comes before what a resumed one delivers, draft §14.10).
 */
final class SimulatedAgent {
  enum Role {
    DIALER,
    LISTENER
  }

  /** A connection of the agent and the link it runs on; which channels are taken dry. */
  static final class Tracked {
    final RttConnection connection;
    final @Nullable Link link;
    private int drained;

    Tracked(RttConnection connection, @Nullable Link link) {
      this.connection = connection;
      this.link = link;
    }

    boolean drained() {
      return drained == (1 << ChannelNames.STANDARD.size()) - 1;
    }
  }

  /** One life of the agent, from a start to a kill. */
  final class Incarnation {
    final int number;
    final RttEndpoint endpoint;
    final List<Tracked> connections = new ArrayList<>();
    boolean alive = true;
    @Nullable RttConnection current;

    Incarnation(int number, RttRuntime runtime) {
      this.number = number;
      this.endpoint =
          new RttEndpoint(
              identity,
              sim.scheduler().clock(),
              new SeededRandom(sim.nextSeed()),
              e -> sim.onEvent(SimulatedAgent.this, this, e),
              null, // queue mode: the application takes messages itself
              new RttEndpoint.ConnectionListener() {
                @Override
                public void connected(RttConnection c) {
                  onConnected(Incarnation.this, c);
                }
              },
              Set.of(),
              runtime);
      endpoint.enableResume(true);
      endpoint.setSendQueuePolicy(sim.config().sendQueuePolicy());
    }

    @Override
    public String toString() {
      return name + "#" + number;
    }
  }

  private final Simulation sim;
  private final String name;
  private final Role role;
  private final RttHandshake.LocalIdentity identity;
  private final InetSocketAddress address;
  private @Nullable Incarnation incarnation;
  private int incarnations;

  SimulatedAgent(
      Simulation sim,
      String name,
      Role role,
      RttHandshake.LocalIdentity identity,
      InetSocketAddress address) {
    this.sim = sim;
    this.name = name;
    this.role = role;
    this.identity = identity;
    this.address = address;
  }

  String name() {
    return name;
  }

  Role role() {
    return role;
  }

  InetSocketAddress address() {
    return address;
  }

  String fingerprint() {
    return identity.identity().publicKey().fingerprint();
  }

  /** The living incarnation, or null while the agent is down. */
  @Nullable Incarnation incarnation() {
    return incarnation;
  }

  /** Starts a new incarnation (the first, or after a kill); the listener listens. */
  void start() {
    Incarnation inc = new Incarnation(++incarnations, sim.runtime());
    incarnation = inc;
    sim.trace().line(name + " starts (incarnation " + inc.number + ")");
    if (role == Role.LISTENER) {
      try {
        var unused = inc.endpoint.listen(address);
      } catch (IOException e) {
        throw new IllegalStateException("the simulated network refused to listen", e);
      }
    }
  }

  /**
   * Kills the agent: its sessions are gone with it and its peer sees every connection reset. What
   * its connections delivered and its application had not taken yet is lost with it (counted).
   */
  void kill() {
    Incarnation inc = incarnation;
    if (inc == null) {
      return;
    }
    sim.trace().line(name + " is killed (incarnation " + inc.number + ")");
    takeAll(inc, true);
    inc.alive = false;
    incarnation = null;
    sim.ledger().killed(inc);
    sim.network().hostDown(role == Role.LISTENER ? address : null);
  }

  private void onConnected(Incarnation inc, RttConnection c) {
    if (!inc.alive) {
      return;
    }
    Link link = sim.network().linkOf(c.label());
    if (link != null) {
      link.connected(c, role == Role.DIALER);
    }
    inc.connections.add(new Tracked(c, link));
    if (role == Role.LISTENER) {
      inc.current = c; // the dialer's new connection (a resume, or a fresh session)
    }
  }

  /** The open connection the application sends on, if any. */
  Optional<RttConnection> current() {
    Incarnation inc = incarnation;
    RttConnection c = inc == null ? null : inc.current;
    return c != null && c.state() == RttConnection.State.OPEN ? Optional.of(c) : Optional.empty();
  }

  /** Sets the connection the application sends on (the dialer, once a dial or resume is done). */
  void useConnection(RttConnection c) {
    Incarnation inc = incarnation;
    if (inc != null) {
      inc.current = c;
    }
  }

  /**
   * The application takes up to {@code max} messages on {@code channel}, from its oldest connection
   * first; each is checked by the ledger.
   */
  int take(int channel, int max) {
    Incarnation inc = incarnation;
    return inc == null ? 0 : take(inc, channel, max, false);
  }

  private int take(Incarnation inc, int channel, int max, boolean killed) {
    int n = 0;
    for (Tracked t : inc.connections) {
      while (n < max && (t.drained & (1 << channel)) == 0) {
        Optional<Delivery> d;
        try {
          d = t.connection.receive(channel, Duration.ZERO);
        } catch (RttTransportException e) {
          t.drained |= 1 << channel; // closed and empty
          break;
        } catch (RttReplayException e) {
          sim.violations()
              .report(SimulationFailure.Kind.PROTOCOL, name + " got a REPLAY refusal: " + e);
          return n;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return n;
        }
        if (d.isEmpty()) {
          break;
        }
        if (!(d.get() instanceof Delivery.Message m)) {
          sim.violations()
              .report(SimulationFailure.Kind.PROTOCOL, name + " got a peer refusal: " + d.get());
          return n;
        }
        RttConnection peer = t.link == null ? null : t.link.other(t.connection);
        sim.ledger().taken(name, t.connection, peer, channel, m.bytes(), killed);
        n++;
      }
      if (n >= max) {
        break;
      }
    }
    inc.connections.removeIf(t -> t.drained() && t.connection != inc.current);
    return n;
  }

  /** Takes everything waiting on every channel (the end of the run, or a kill). */
  void takeAll() {
    Incarnation inc = incarnation;
    if (inc != null) {
      takeAll(inc, false);
    }
  }

  private void takeAll(Incarnation inc, boolean killed) {
    for (int ch = 0; ch < ChannelNames.STANDARD.size(); ch++) {
      var unused = take(inc, ch, Integer.MAX_VALUE, killed);
    }
  }
}
