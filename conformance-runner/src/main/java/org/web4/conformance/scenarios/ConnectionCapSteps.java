package org.web4.conformance.scenarios;

import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.frame.FrameType;

/**
 * [RTT-LIM-010] at most 4,096 established connections per responder (spec/rtt.md §7, docs/adr/1207
 * §2): the tester holds that many, each confirmed by the implementation's frame 0, while a keeper
 * PINGs each of them every 10 s (the 45 s of RTT-HB-003 would otherwise end the first ones while
 * the last are made); a further handshake is then refused (the steps of RTT-HS-005), and every held
 * connection still answers a PING. The scenario is {@code @slow}: it runs only with --slow.
 */
public final class ConnectionCapSteps {
  /** How often each held connection is PINGed, well within the 15 s and 45 s of §8. */
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(10);

  /** A bound on each answer the spec says must come. */
  private static final Duration ANSWER = Duration.ofSeconds(30);

  private final World world;
  private final List<TesterPeer> held = new ArrayList<>();
  private @Nullable ScheduledExecutorService keeper;
  private long keepAliveCount;
  private int keepAliveFailures;

  public ConnectionCapSteps(World world) {
    this.world = world;
  }

  @Given("the tester holds {int} established RTT connections to the implementation")
  public void hold(int count) throws Exception {
    InetSocketAddress a = world.rttAddress();
    ScheduledExecutorService k =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rtt-lim-010-keeper");
              t.setDaemon(true);
              return t;
            });
    keeper = k;
    var unused =
        k.scheduleWithFixedDelay(
            this::keepAlive, KEEP_ALIVE.toMillis(), KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
    for (int i = 1; i <= count; i++) {
      TesterPeer p =
          world.closeAtEnd(TesterPeer.connect(a, world.transcript(), world.seed(), "held-" + i));
      try {
        p.waitForeverToRead(); // held silent between keep-alives
        p.noiseHandshake();
        // its frame 0 is the confirming PING [RTT-HS-007], however long thousands of connections
        // make the implementation take: the limit is checked here, not its speed
        RawFrame first = p.confirm(ANSWER);
        world.transcript().note("held-" + i + " confirmed with frame " + first.sequence());
      } catch (java.io.IOException | org.web4.rtt.noise.NoiseException e) {
        throw world.failure(
            "connection "
                + i
                + " of "
                + count
                + " established and confirmed [RTT-LIM-010: "
                + count
                + " may be established at once]; "
                + e.getMessage());
      }
      synchronized (held) {
        held.add(p);
      }
    }
    world.transcript().note("holds " + count + " established connections");
  }

  @Then("each held connection answers a PING")
  public void eachAnswers() throws Exception {
    List<TesterPeer> all;
    synchronized (held) {
      all = List.copyOf(held);
    }
    byte[] opaque = ByteBuffer.allocate(8).putLong(Long.MAX_VALUE).array();
    for (TesterPeer p : all) {
      p.sendFrame(FrameType.PING, 0, 0, opaque);
    }
    int i = 0;
    for (TesterPeer p : all) {
      i++;
      while (true) {
        TesterPeer.Received r = p.next(ANSWER);
        RawFrame f = r.frame();
        if (f == null) {
          throw world.failure(
              "held connection "
                  + i
                  + " of "
                  + all.size()
                  + " still served after the further handshake was refused [RTT-LIM-010]; got "
                  + r.detail()
                  + " ("
                  + keepAliveFailures
                  + " keep-alive PINGs could not be sent)");
        }
        if (f.is(FrameType.PONG) && Arrays.equals(f.body(), opaque)) {
          break;
        }
      }
    }
  }

  // Every held connection gets a PING, so that the implementation hears from each [RTT-HB-003].
  private void keepAlive() {
    List<TesterPeer> all;
    synchronized (held) {
      all = List.copyOf(held);
    }
    byte[] opaque = ByteBuffer.allocate(8).putLong(++keepAliveCount).array();
    for (TesterPeer p : all) {
      try {
        p.sendFrame(FrameType.PING, 0, 0, opaque);
      } catch (java.io.IOException e) {
        keepAliveFailures++; // that connection ended: the step that reads it says so
      }
    }
  }

  @After
  public void stopKeeper() {
    ScheduledExecutorService k = keeper;
    if (k != null) {
      k.shutdownNow();
    }
  }
}
