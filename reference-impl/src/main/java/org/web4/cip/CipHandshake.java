package org.web4.cip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Map;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.ValidatedEnvelope;

/**
 * The CIP handshake of one agent (spec/cip.md §4.2): the initiator's HELLO, the responder's HELLO
 * with its challenge_response, VERIFY; each challenge_response verified before the session is
 * established. What follows the handshake is {@link CipRuntime}'s.
 */
final class CipHandshake {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Sends an envelope on a session. */
  @FunctionalInterface
  interface Outbox {
    void send(CipSession s, String type, ObjectNode payload);
  }

  /** Hears that a session's handshake completed. */
  @FunctionalInterface
  interface Completion {
    void completed(CipSession s);
  }

  private final AgentKeyPair identity;
  private final TrustBook trust;
  private final Outbox outbox;
  private final Completion completion;
  private final CipEvents events;

  /** Deviation.CIP_SKIP_CHALLENGE_CHECK (testing the kit only): breaks CIP-HS-003, CIP-HS-004. */
  private final boolean skipChallengeCheck;

  CipHandshake(
      AgentKeyPair identity,
      TrustBook trust,
      Outbox outbox,
      Completion completion,
      CipEvents events,
      boolean skipChallengeCheck) {
    this.identity = identity;
    this.trust = trust;
    this.outbox = outbox;
    this.completion = completion;
    this.events = events;
    this.skipChallengeCheck = skipChallengeCheck;
  }

  /** As the initiator of a new session, sends HELLO [CIP-HS-001]. */
  void start(CipSession s) {
    outbox.send(s, "HELLO", helloPayload(s));
    events.emit("cip.handshake.hello_sent", s.connection.label(), Map.of());
  }

  /**
   * An envelope of a session whose handshake has not completed: the next step of the handshake, or
   * a refusal.
   */
  void step(CipSession s, ValidatedEnvelope e, CipRefusal r) {
    JsonNode p = e.payload();
    switch (s.phase) {
      case AWAIT_HELLO -> {
        if (!e.type().equals("HELLO")) {
          r.refuse("expected the initiator's HELLO"); // [CIP-HS-006]
          return;
        }
        if (p.has("challenge_response")) {
          r.refuse("an initiator's HELLO carries no challenge_response"); // [CIP-HS-007]
          return;
        }
        if (!namesCip10(p)) {
          r.refuseWith(ErrorCode.UNSUPPORTED_VERSION, "HELLO does not name cip/1.0");
          return;
        }
        byte[] peerNonce = b64(p, "session_nonce");
        s.peerNonce = peerNonce;
        s.peerSupportsMesh = announcesMesh(p);
        ObjectNode hello = helloPayload(s);
        byte[] response =
            ChallengeResponse.sign(identity, b64(p, "challenge"), peerNonce, s.ownNonce);
        hello.put("challenge_response", Base64.getEncoder().encodeToString(response));
        s.phase = CipSession.Phase.AWAIT_VERIFY;
        outbox.send(s, "HELLO", hello); // [CIP-HS-002]
        events.emit("cip.handshake.hello_answered", s.connection.label(), Map.of());
      }
      case AWAIT_RESPONDER_HELLO -> {
        if (!e.type().equals("HELLO")) {
          r.refuse("expected the responder's HELLO");
          return;
        }
        byte[] peerNonce = b64(p, "session_nonce");
        if (!p.has("challenge_response")
            || !(skipChallengeCheck
                || ChallengeResponse.verifies(
                    e.sender(),
                    b64(p, "challenge_response"),
                    s.ownChallenge,
                    s.ownNonce,
                    peerNonce))) {
          trust.apply(s.peerFingerprint, TrustEvent.BAD_SIGNATURE);
          r.refuse("the responder's challenge_response does not verify"); // [CIP-HS-003]
          return;
        }
        s.peerNonce = peerNonce;
        s.peerSupportsMesh = announcesMesh(p);
        ObjectNode verify = NODES.objectNode();
        byte[] response =
            ChallengeResponse.sign(identity, b64(p, "challenge"), peerNonce, s.ownNonce);
        verify.put("challenge_response", Base64.getEncoder().encodeToString(response));
        outbox.send(s, "VERIFY", verify);
        completion.completed(s);
      }
      case AWAIT_VERIFY -> {
        byte[] peerNonce = s.peerNonce;
        if (!e.type().equals("VERIFY") || peerNonce == null) {
          r.refuse("expected VERIFY");
          return;
        }
        if (!skipChallengeCheck
            && !ChallengeResponse.verifies(
                e.sender(), b64(p, "challenge_response"), s.ownChallenge, s.ownNonce, peerNonce)) {
          trust.apply(s.peerFingerprint, TrustEvent.BAD_SIGNATURE);
          // [CIP-HS-004] refused; the handshake still waits for VERIFY, and a later one is judged
          // on its own against the same nonces [CIP-HS-008]
          r.refuse("the VERIFY challenge_response does not verify");
          return;
        }
        completion.completed(s);
      }
      case ESTABLISHED -> throw new IllegalStateException("not in the handshake");
    }
  }

  ObjectNode helloPayload(CipSession s) {
    ObjectNode hello = NODES.objectNode();
    hello.putArray("protocols").add("cip/1.0");
    hello.putArray("capabilities").add("knowledge").add("intents");
    hello.put("session_nonce", Base64.getEncoder().encodeToString(s.ownNonce));
    hello.put("challenge", Base64.getEncoder().encodeToString(s.ownChallenge));
    ObjectNode features = hello.putObject("features");
    features.put("supports_mesh", true); // [MESH-GATE-003]
    features.put("supports_multiplex", true); // it opens and accepts named channels (rtt.md §5)
    return hello;
  }

  private static boolean announcesMesh(JsonNode hello) {
    return hello.path("features").path("supports_mesh").asBoolean(false);
  }

  private static boolean namesCip10(JsonNode hello) {
    for (JsonNode p : hello.path("protocols")) {
      if (p.asText().equals("cip/1.0")) {
        return true;
      }
    }
    return false;
  }

  private static byte[] b64(JsonNode payload, String member) {
    return Base64.getDecoder().decode(payload.path(member).asText());
  }
}
