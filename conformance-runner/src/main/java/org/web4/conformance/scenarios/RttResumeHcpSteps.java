package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Protocol;
import org.web4.rtt.frame.ErrorBody;

/**
 * Steps for spec/rtt.md §12's rule that an HCP session belongs to the RTT 1.1 session
 * [RTT-RES-016]: kept while the session is suspended, carried on by a {@code resumed} RESUME,
 * started again after {@code fresh}. The tester, as the session dialer of {@link RttResumeSteps}
 * with the CIP handshake of {@link RttResumeCipSteps} done in the session, opens an HCP session
 * (spec/hcp.md §4.2) and sends HCP envelopes as messages of the session ({@link SessionEnvelopes});
 * what the implementation keeps shows in what it sends: the check-in answer of a calm human's agent
 * (HCP-CHK-002, or the refusal of a check-in before the peer's HCP_HELLO, HCP-SES-004), the views
 * of its trust block (HCP-TRU-002), its HCP_STATE_UPDATE after the human changes (HCP-STA-002), and
 * no HCP_HELLO of its own after a resume (HCP-SES-003 answers only a first HCP_HELLO).
 */
public final class RttResumeHcpSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The view the tester declares in its trust blocks (HCP-TRU-002 makes it the receiver_view). */
  private static final String TESTER_VIEW = "trusted";

  private final World world;
  private final SessionEnvelopes wire;
  private final HcpState hcp;

  /** The implementation's sender_view in its latest HCP envelope, the tester's receiver_view. */
  private String iutView = "untrusted";

  private @Nullable String lastCheckIn;

  /** The implementation's messages the tester delivered and no step waited for (their types). */
  private final List<String> unexpected = new ArrayList<>();

  public RttResumeHcpSteps(World world, SessionEnvelopes wire, HcpState hcp) {
    this.world = world;
    this.wire = wire;
    this.hcp = hcp;
  }

  // ---------------------------------------------------------------------------- sending

  /** An HCP envelope of the tester's (its human as Table 4.1), with or without its trust block. */
  private ObjectNode envelope(String type, ObjectNode payload, boolean trust) {
    ObjectNode state = NODES.objectNode();
    state.set("human", HcpState.human());
    EnvelopeBuilder b = wire.envelope(Protocol.HCP, type).block("state", state);
    if (trust) {
      ObjectNode t = NODES.objectNode();
      t.put("sender_view", TESTER_VIEW);
      t.put("receiver_view", iutView);
      b.block("trust", t);
    }
    return b.payload(payload).sign(wire.signer());
  }

  /** spec/hcp.md §4.2: the tester opens an HCP session with its HCP_HELLO, in the RTT session. */
  @When("the tester opens an HCP session in the session")
  public void openHcpSession() throws IOException {
    ObjectNode p = NODES.objectNode();
    ObjectNode id = p.putObject("identity");
    id.put("name", "human of the tester");
    id.put("role", "tester");
    p.putArray("consent_scope");
    p.putArray("safety_flags");
    wire.send(envelope("HCP_HELLO", p, true), true);
  }

  /**
   * An HCP_FEEDBACK that validates (satisfaction ≥ 70, no corrections): the event {@code validated}
   * of spec/hcp.md Table 4.7a, which makes a {@code probing} session {@code trusted}.
   */
  @When("the tester tells the implementation's human that its help was right")
  public void validatingFeedback() throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("feedback", "that was right");
    p.put("satisfaction", 90);
    wire.send(envelope("HCP_FEEDBACK", p, true), true);
  }

  @When("the tester checks in, in the session")
  public void checkIn() throws IOException {
    ObjectNode e = envelope("HCP_CONTEXT", checkInPayload(), true);
    lastCheckIn = e.path("msg_id").asText();
    wire.send(e, true);
  }

  /**
   * A check-in request of which only the first half goes out before the cut; without a trust block,
   * so that the implementation's receiver_view after the resume can only come from the tester's
   * envelopes before it (HCP-TRU-002, in the session RTT-RES-016 carries).
   */
  @When(
      "the tester checks in, in the session, without a trust block, and cuts the connection in the"
          + " middle of it")
  public void checkInAndCut() throws IOException {
    ObjectNode e = envelope("HCP_CONTEXT", checkInPayload(), false);
    lastCheckIn = e.path("msg_id").asText();
    wire.sendHalfAndCut(e);
  }

  private static ObjectNode checkInPayload() {
    ObjectNode p = NODES.objectNode();
    p.put("context", "checking in");
    p.putArray("constraints").add("check_in");
    return p;
  }

  // ---------------------------------------------------------------------------- answers

  /** HCP-SES-003: the implementation's HCP_HELLO answers the tester's first one, its own first. */
  @Then("the implementation answers the tester's HCP_HELLO with its own, its view {string}")
  public void answersHello(String view) throws Exception {
    JsonNode hello = wire.await("HCP_HELLO", this::delivered);
    if (!unexpected.isEmpty()) {
      throw world.failure(
          "HCP-SES-003: the implementation's HCP_HELLO as its first HCP envelope; got "
              + unexpected
              + " before it");
    }
    String got = views(hello)[0];
    if (!got.equals(view)) {
      throw world.failure("HCP-SES-003: its HCP_HELLO with sender_view " + view + "; got " + hello);
    }
  }

  /**
   * [RTT-RES-016] the check-in the tester sent last is answered (a calm human's agent answers at
   * once, HCP-CHK-002) within the HCP session the RTT session carries: no HCP_HELLO before it, not
   * refused, and with the session's views (HCP-TRU-002).
   */
  @Then("the implementation answers the check-in with {string}, its views {string} and {string}")
  public void answersCheckIn(String flag, String view, String receiverView) throws Exception {
    String id = requireCheckIn();
    JsonNode[] answer = new JsonNode[1];
    wire.read(
        "RTT-RES-016: the implementation's answer to the check-in " + id,
        () -> answer[0] != null || refusal(id) != null,
        true,
        e -> {
          if (answer[0] == null && e.path("type").asText().equals("HCP_CONTEXT")) {
            answer[0] = e;
          } else {
            delivered(e);
          }
        });
    ErrorBody refused = refusal(id);
    if (refused != null) {
      throw world.failure(
          "RTT-RES-016: the check-in answered within the HCP session the RTT session carries; got"
              + " ERROR "
              + refused.code()
              + " ("
              + refused.text()
              + ")");
    }
    JsonNode a = answer[0];
    if (a == null) {
      throw new IllegalStateException("read ended without an HCP_CONTEXT");
    }
    List<String> problems = new ArrayList<>();
    if (!unexpected.isEmpty()) {
      problems.add(
          "before it "
              + unexpected
              + (unexpected.contains("HCP_HELLO") ? " (a new HCP session)" : ""));
    }
    List<String> constraints = new ArrayList<>();
    a.path("payload").path("constraints").forEach(c -> constraints.add(c.asText()));
    if (!constraints.contains(flag)) {
      problems.add("constraints " + constraints);
    }
    String[] v = views(a);
    if (!v[0].equals(view) || !v[1].equals(receiverView)) {
      problems.add("sender_view " + v[0] + ", receiver_view " + v[1]);
    }
    if (!problems.isEmpty()) {
      throw world.failure(
          "RTT-RES-016: the check-in answered "
              + flag
              + " with the views "
              + view
              + " and "
              + receiverView
              + " of the HCP session the RTT session carries; got "
              + problems
              + " in "
              + a);
    }
  }

  /**
   * [RTT-RES-016] kept while suspended: the HCP_STATE_UPDATE that HCP-STA-002 made the
   * implementation send to the suspended session arrives after the resume, with its human's state
   * as the runner set it, and no HCP_HELLO before it.
   */
  @Then(
      "the implementation sends its human's new state in an HCP_STATE_UPDATE, without a new"
          + " HCP_HELLO")
  public void sendsStateUpdate() throws Exception {
    JsonNode update;
    try {
      update = wire.await("HCP_STATE_UPDATE", this::delivered);
    } catch (AssertionError e) {
      throw world.failure(
          "RTT-RES-016: the HCP_STATE_UPDATE sent to the suspended session after the human changed"
              + " (HCP-STA-002), after the resume; "
              + e.getMessage());
    }
    if (!unexpected.isEmpty() || !HcpState.same(update.path("payload"), hcp.principal)) {
      throw world.failure(
          "RTT-RES-016: the HCP_STATE_UPDATE with "
              + hcp.principal
              + " sent to the suspended session, nothing before it; got "
              + unexpected
              + " and then "
              + update);
    }
  }

  /** HCP-SES-004 after {@code fresh}: the tester's last check-in refused with {@code code}. */
  @Then("the implementation refuses the tester's check-in with {string}")
  public void refusesCheckIn(String code) throws Exception {
    ErrorBody e = wire.awaitError(requireCheckIn(), this::delivered);
    if (!e.code().equals(code)) {
      throw world.failure(
          "RTT-RES-016: after a fresh answer, HCP starts again: ERROR "
              + code
              + " naming the check-in sent before a new HCP_HELLO (HCP-SES-004); got "
              + e.code()
              + " ("
              + e.text()
              + ")");
    }
    wire.forgetErrors();
  }

  /** A PING barrier: nothing the tester did not wait for, and no refusal, came before its PONG. */
  @Then("the implementation sends no other HCP message and refuses nothing")
  public void nothingElse() throws Exception {
    wire.barrier(this::delivered);
    List<String> problems = new ArrayList<>(unexpected);
    wire.errors()
        .forEach(e -> problems.add("ERROR " + e.code() + " " + e.msgId() + " (" + e.text() + ")"));
    if (!problems.isEmpty()) {
      throw world.failure(
          "RTT-RES-016: nothing but the answers of the HCP session carried across the resume; got "
              + problems);
    }
  }

  // ---------------------------------------------------------------------------- helpers

  private void delivered(JsonNode e) {
    unexpected.add(e.path("type").asText());
    if (e.has("hcp")) {
      views(e);
    }
  }

  /** The envelope's sender_view and receiver_view; its sender_view becomes the tester's view. */
  private String[] views(JsonNode e) {
    JsonNode t = e.path("trust");
    String sender = t.path("sender_view").asText("(none)");
    if (t.has("sender_view")) {
      iutView = sender;
    }
    return new String[] {sender, t.path("receiver_view").asText("(none)")};
  }

  private @Nullable ErrorBody refusal(String msgId) {
    for (ErrorBody e : wire.errors()) {
      if (msgId.equals(e.msgId())) {
        return e;
      }
    }
    return null;
  }

  private String requireCheckIn() {
    String id = lastCheckIn;
    if (id == null) {
      throw new IllegalStateException("the tester sent no check-in");
    }
    return id;
  }
}
