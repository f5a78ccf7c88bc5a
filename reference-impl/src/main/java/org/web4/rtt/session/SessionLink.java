package org.web4.rtt.session;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * What a resumable connection (RTT 1.1, docs/drafts/rtt-resume.md) tells its session, and the
 * RESUME frame it hands over. Null on RTT 1.0 connections: nothing of the draft applies to them
 * [RTT-RES-001]. Implemented by {@code org.web4.rtt.resume.Session}.
 */
public interface SessionLink {
  /** The application's {@code send} accepted a message (it is retained until acknowledged). */
  void accepted(int channel, byte[] message);

  /**
   * A send on {@code from} found it no longer taking messages (docs/adr/1418): the session retains
   * the message when it is suspended, or when {@code from} still carries it but has just ended
   * abruptly ({@code endingAbruptly}: no GOAWAY, no closing ERROR but TIMEOUT) and has not told it
   * yet; a resume sends it like every retained message [RTT-RES-008]. The send-queue {@code policy}
   * decides when the channel's queue in the session is full [RTT-RES-017].
   *
   * @return {@link Retention#NOT_TAKEN} when the session did not take it (it carries on elsewhere,
   *     or ends); else what the policy made of it
   */
  Retention retainUnsent(
      RttConnection from,
      boolean endingAbruptly,
      int channel,
      byte[] message,
      SendQueuePolicy policy);

  /**
   * {@code drop_oldest} discarded a queued message of which no DATA frame was produced (the very
   * array {@link #accepted} was given): it is no longer retained, and takes no index [RTT-RES-017].
   */
  void discarded(int channel, byte[] message);

  /**
   * Whether a DATA frame of {@code message} (the array {@link #accepted} was given) was produced on
   * any connection of the session: a retransmitted message begun before a cut is never discarded
   * [RTT-RES-017].
   */
  boolean begunInSession(int channel, byte[] message);

  /**
   * A non-closing ERROR was sent on {@code channel}: it belongs to its connection and is not
   * retained [RTT-RES-018] (only a deviation keeps it).
   */
  default void refusalSent(int channel, byte[] body) {}

  /** A DATA frame without FIN went out on {@code channel}: its message is begun [RTT-RES-017]. */
  void dataBegun(RttConnection connection, int channel);

  /** The connection that carries the session now, if any (after a resume, a newer one). */
  @Nullable RttConnection carrier();

  /**
   * The DATA frame carrying a message's FIN got sequence {@code seq} (on the event loop, in wire
   * order).
   */
  void finSent(RttConnection connection, int channel, long seq);

  /**
   * A message's FIN DATA frame was processed: the message is delivered [draft §1], counted and
   * handed to the application together: {@code handOver} runs under the session's lock when the
   * message counts.
   *
   * @return false when the connection no longer carries the session (it ended, and the count was
   *     perhaps already reported in a resume): the message is dropped, not handed over, and its
   *     sender sends it again [RTT-RES-009]
   */
  boolean delivered(RttConnection connection, int channel, Runnable handOver);

  /** An ACK or GOAWAY count arrived: every frame below {@code count} was processed (§3). */
  void acknowledged(RttConnection connection, long count);

  /**
   * Whether this side asked for a RESUME (it sent {@code resume}) and has not had it yet: only then
   * is a frame of type 0x0B read, as frame 1 [RTT-RES-006].
   */
  boolean expectsResume();

  /** The responder's RESUME (frame 1, decrypted) arrived; the session decides what follows. */
  void resumeFrame(RttConnection connection, ByteBuffer plaintext);

  /**
   * A named channel reached phase OPEN on the connection that carries the session (its OPEN_ACK
   * arrived, or the peer's OPEN was accepted): the session counts and retains its messages under
   * this name, so that a resume restores it (docs/drafts/rtt-resume.md §4.1, §4.2, §15.4).
   */
  void channelOpened(RttConnection connection, int channel, String name);

  /**
   * A named channel left phase OPEN (this side sent CLOSE, or the peer's CLOSE arrived): it is no
   * longer the session's, and a resume does not list it (§4.1).
   */
  void channelGone(RttConnection connection, int channel);

  /** The connection closed; {@code abrupt} when without GOAWAY or a closing ERROR (§1, §7). */
  void closed(RttConnection connection, boolean abrupt);
}
