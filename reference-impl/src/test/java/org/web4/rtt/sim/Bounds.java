package org.web4.rtt.sim;

import java.util.List;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttLimits;
import org.web4.rtt.resume.Session;
import org.web4.rtt.resume.SessionTable;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.SendQueueDepth;
import org.web4.rtt.session.SendQueuePolicy;

/**
 * The bounded-state invariants, checked after every step, and the largest values seen: retained
 * messages per session (a suspended one within RTT-RES-015's 16 MiB and 4,096 messages, a connected
 * one within its channels' windows and send queues), send queues likewise, sessions and connections
 * per endpoint, bytes in flight on the network.
 */
final class Bounds {
  private static final int CHANNELS = ChannelNames.STANDARD.size();

  /** Connections one endpoint may hold at once: the current one, one half-open, one dialling. */
  static final int MAX_CONNECTIONS = 4;

  /**
   * Sessions one endpoint may hold: the current one and those suspended by a peer that was killed
   * (each kept 120 s). Kills come every few minutes at most.
   */
  static final int MAX_SESSIONS = 8;

  private final Simulation sim;
  private final long maxConnectedBytes;
  private final long maxPipe;

  long maxRetainedBytes;
  long maxRetainedMessages;
  long maxSendQueueMessages;
  long maxSendQueueBytes;
  int maxSessions;
  int maxConnections;

  Bounds(Simulation sim) {
    this.sim = sim;
    SendQueuePolicy p = sim.config().sendQueuePolicy();
    // Per channel: a window unacknowledged at a break (sent again after the resume, past the
    // policy: it was admitted once), a window in flight on the new connection, the policy's queue.
    this.maxConnectedBytes = CHANNELS * (p.maxBytes() + 2 * RttLimits.WINDOW);
    // A window per channel each way in flight, and a little for control frames and headers.
    this.maxPipe = 2L * CHANNELS * RttLimits.WINDOW + (1L << 20);
  }

  void check(List<SimulatedAgent> agents) {
    for (SimulatedAgent a : agents) {
      SimulatedAgent.Incarnation inc = a.incarnation();
      if (inc == null) {
        continue;
      }
      var connections = inc.endpoint.connections();
      maxConnections = Math.max(maxConnections, connections.size());
      if (connections.size() > MAX_CONNECTIONS || inc.endpoint.handshaking() > MAX_CONNECTIONS) {
        fail(a.name() + " holds " + connections.size() + " connections");
      }
      for (RttConnection c : connections) {
        SendQueueDepth q = c.sendQueue();
        maxSendQueueMessages = Math.max(maxSendQueueMessages, q.messages());
        maxSendQueueBytes = Math.max(maxSendQueueBytes, q.bytes());
        if (q.messages() > SessionTable.MAX_RETAINED_MESSAGES || q.bytes() > maxConnectedBytes) {
          fail(a.name() + "'s send queue holds " + q);
        }
      }
      List<Session> sessions = inc.endpoint.sessions().sessions();
      maxSessions = Math.max(maxSessions, sessions.size());
      if (sessions.size() > MAX_SESSIONS) {
        fail(a.name() + " keeps " + sessions.size() + " sessions");
      }
      for (Session s : sessions) {
        checkRetained(a, s);
      }
    }
    if (sim.network().maxPipeBytes > maxPipe) {
      fail("a pipe held " + sim.network().maxPipeBytes + " bytes in flight");
    }
  }

  private void checkRetained(SimulatedAgent a, Session s) {
    long bytes = s.retainedBytes();
    int messages = s.retainedMessages();
    maxRetainedBytes = Math.max(maxRetainedBytes, bytes);
    maxRetainedMessages = Math.max(maxRetainedMessages, messages);
    Session.State state = s.state();
    if (state == Session.State.SUSPENDED
        && (bytes > SessionTable.MAX_RETAINED_BYTES
            || messages > SessionTable.MAX_RETAINED_MESSAGES)) {
      fail(a.name() + " keeps a suspended session retaining " + bytes + " bytes [RTT-RES-015]");
    }
    if (bytes > maxConnectedBytes || messages > SessionTable.MAX_RETAINED_MESSAGES) {
      fail(a.name() + "'s session retains " + messages + " messages, " + bytes + " bytes");
    }
  }

  private void fail(String what) {
    sim.violations().report(SimulationFailure.Kind.UNBOUNDED, what);
  }
}
