package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;

/**
 * The implementation's events as the scenario reads them (harness {@code events}, HAR-EVT-001):
 * always from the scenario's mark — 0, i.e. since the implementation's start or last reset, until a
 * step moves it ("the implementation's events are read from now"; a reset puts it back to 0).
 *
 * <p>An event reports a step the implementation took in handling a frame or a harness call. A
 * positive check polls (bounded) until the event is there; a check that something was <em>not</em>
 * reported, or reported exactly so often, first waits on the PING barrier of every connected peer
 * (rtt.md RTT-FR-006: every frame they sent has been handled) — the harness calls before it have
 * answered already, after their effects (e.g. HAR-HCP-001).
 */
public final class Events {
  /** HAR-EVT-001 with spec 0.4.0's maximum {@code limit}. */
  private static final int PAGE = 1000;

  private final World world;
  private final Peers peers;
  private long mark;

  public Events(World world, Peers peers) {
    this.world = world;
    this.peers = peers;
  }

  /** Reads the events from the implementation's last one on. */
  void markNow() throws HarnessException {
    Exchange ex =
        world.harness().events(0, 1); // limit 1 to 1000 (HAR-EVT-001); only `last` is read
    world.record(ex);
    mark = ex.reply().path("last").asLong();
  }

  /** The implementation was reset: its numbering starts again (EVT-SEQ-001). */
  void wasReset() {
    mark = 0;
  }

  /** The seq of the last event before the scenario's mark. */
  long mark() {
    return mark;
  }

  /** Every event since the mark, in seq order. */
  List<JsonNode> sinceMark() throws HarnessException {
    List<JsonNode> out = new ArrayList<>();
    long since = mark;
    while (true) {
      Exchange ex = world.harness().events(since, PAGE);
      world.record(ex);
      JsonNode list = ex.reply().path("events");
      list.forEach(out::add);
      if (list.size() < PAGE) {
        return out;
      }
      since = list.get(list.size() - 1).path("seq").asLong();
    }
  }

  /** Waits (at most {@link Peers#ANSWER}) until an event since the mark matches. */
  void await(String what, Predicate<JsonNode> match) throws Exception {
    Poll.untilHolds(
        Peers.ANSWER,
        () -> sinceMark().stream().anyMatch(match),
        () -> world.failure("the event " + what + " within " + Peers.ANSWER.toSeconds() + " s"));
  }

  /**
   * The matching events since the mark once at least {@code atLeast} exist (at most {@link
   * Peers#ANSWER}) and every peer's barrier has passed, so that a duplicate the implementation was
   * about to report is among them.
   */
  List<JsonNode> settled(String what, Predicate<JsonNode> match, int atLeast) throws Exception {
    List<JsonNode> last = new ArrayList<>();
    Poll.until(
        Peers.ANSWER,
        () -> {
          List<JsonNode> got = sinceMark().stream().filter(match).toList();
          last.clear();
          last.addAll(got);
          return got.size() >= atLeast ? Optional.of(got) : Optional.empty();
        },
        () ->
            world.failure(
                atLeast
                    + " event(s) "
                    + what
                    + " within "
                    + Peers.ANSWER.toSeconds()
                    + " s; got "
                    + last));
    return reported(match);
  }

  /** The matching events since the mark, after every peer's barrier. */
  List<JsonNode> reported(Predicate<JsonNode> match) throws Exception {
    peers.barrierAll();
    return sinceMark().stream().filter(match).toList();
  }

  /** No event since the mark matches, after every peer's barrier. */
  void none(String what, Predicate<JsonNode> match) throws Exception {
    List<JsonNode> got = reported(match);
    if (!got.isEmpty()) {
      throw world.failure("no " + what + "; got " + got);
    }
  }
}
