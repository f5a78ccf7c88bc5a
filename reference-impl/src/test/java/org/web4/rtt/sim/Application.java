package org.web4.rtt.sim;

import java.util.SplittableRandom;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.resume.Session;
import org.web4.rtt.session.RttBackpressureException;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttTransportException;

/**
 * An agent's application: it sends numbered messages of drawn sizes on the three standard channels
 * whenever it has an open connection (a send the send-queue policy refuses is not sent, and
 * counted), and takes what arrived at a drawn pace, so that credit, ACKs and the send queues all
 * move.
 */
final class Application {
  private final Simulation sim;
  private final SimulatedAgent agent;
  private final SplittableRandom random;

  long sent;
  long bytesSent;
  long refused;
  long withoutConnection;
  long taken;

  Application(Simulation sim, SimulatedAgent agent, SplittableRandom random) {
    this.sim = sim;
    this.agent = agent;
    this.random = random;
  }

  /** Sends one message, if the agent has an open connection. */
  void send() {
    SimulatedAgent.Incarnation inc = agent.incarnation();
    RttConnection c = agent.current().orElse(null);
    if (inc == null || c == null) {
      withoutConnection++;
      return;
    }
    Session session = (Session) c.session().orElse(null);
    if (session == null) {
      sim.violations()
          .report(SimulationFailure.Kind.PROTOCOL, agent.name() + ": a connection without session");
      return;
    }
    DeliveryLedger.Stream stream = sim.ledger().stream(session, agent, inc);
    int channel = random.nextInt(ChannelNames.STANDARD.size());
    int size = SimulationConfig.drawSize(random);
    byte[] m = Messages.build(stream.ordinal, channel, stream.sent[channel], size);
    try {
      c.send(channel, m);
    } catch (RttBackpressureException e) {
      refused++;
      return;
    } catch (RttTransportException e) {
      withoutConnection++;
      return;
    }
    stream.recordSent(channel, size);
    sent++;
    bytesSent += size;
  }

  /** Takes a drawn number of messages on each channel. */
  void take() {
    for (int ch = 0; ch < ChannelNames.STANDARD.size(); ch++) {
      taken += agent.take(ch, 1 + random.nextInt(sim.config().maxTake()));
    }
  }
}
