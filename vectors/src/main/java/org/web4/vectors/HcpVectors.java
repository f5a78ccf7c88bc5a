package org.web4.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The HCP vectors (spec/hcp.md §4): {@code hcp/hcp_pacing_test.json} (a human state, its safety
 * flags and whether a check-in is confirmed → level and pacing decision, Tables 4.4a and 4.4c with
 * every boundary), {@code hcp/hcp_consent_test.json} (Table 4.3 for one human and for both) and
 * {@code hcp/hcp_trust_test.json} (sequences of Table 4.7a inputs → the session's state after each,
 * every cell of Table 4.7b). The expectations come from transcriptions of the spec's tables written
 * here, not from the reference's classes; {@code HcpVectorsTest} replays every case against them.
 */
final class HcpVectors {
  static final String PACING_PATH = "hcp/hcp_pacing_test.json";
  static final String CONSENT_PATH = "hcp/hcp_consent_test.json";
  static final String TRUST_PATH = "hcp/hcp_trust_test.json";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private HcpVectors() {}

  static List<VectorFile> build() {
    return List.of(pacingFile(), consentFile(), trustFile());
  }

  // ---------------------------------------------------------------- pacing

  /** Table 4.4a, first matching row. */
  static String level(String presence, int pressure, int clarity, List<String> flags) {
    if (presence.equals("overloaded") || (pressure >= 80 && clarity <= 30)) {
      return "defer";
    }
    if (pressure >= 80 || clarity <= 30 || flags.contains("slow_pacing")) {
      return "slow";
    }
    return "allow";
  }

  /** §4.4.2: defer, then check_in, then slow, then allow. */
  static String decision(
      String presence,
      String affect,
      int pressure,
      int clarity,
      List<String> flags,
      boolean confirmed) {
    String level = level(presence, pressure, clarity, flags);
    if (level.equals("defer")) {
      return "defer";
    }
    if ((affect.equals("anxious") || affect.equals("tense")) && !confirmed) {
      return "check_in";
    }
    return level;
  }

  private static VectorFile pacingFile() {
    VectorFile file =
        new VectorFile(
            PACING_PATH,
            "Web4-HCP-Pacing",
            "vectors/hcp_pacing_test.schema.json",
            List.of(
                "The pacing of an action that reaches a human (spec/hcp.md section 4.4): human is"
                    + " the human's state vector (Table 2.1a), safetyFlags its safety flags,"
                    + " checkInConfirmed whether a check-in is confirmed for it (section 4.5).",
                "level is the level of Table 4.4a (first matching row: defer when presence is"
                    + " overloaded or pressure >= 80 and clarity <= 30; slow when pressure >= 80"
                    + " or clarity <= 30 or slow_pacing is a flag; allow otherwise); decision is"
                    + " the combined decision of section 4.4.2 (defer, then check_in when the"
                    + " affect is anxious or tense and no check-in is confirmed, then slow, then"
                    + " allow). A receiver applies it to its principal (steps G6 to G8 of Table"
                    + " 4.2), a sender to the counterpart (rows O3 to O6 of Table 4.4d)."));
    file.note("TableExample", "Functionality", "A row of Table 4.4c.")
        .note("Boundary", "EdgeCase", "Pressure 79/80 and clarity 30/31, alone and together.")
        .note("Presence", "Functionality", "Each presence; only overloaded defers by itself.")
        .note("Affect", "Functionality", "Each affect, with and without a confirmed check-in.")
        .note("SafetyFlag", "Functionality", "The slow_pacing flag slows; other flags do not.");
    ObjectNode group = file.group("HcpPacing");
    group.put("source", "spec/hcp.md Tables 4.4a and 4.4c");
    Object[][] examples = {
      {"engaged", "neutral", 79, 31, List.of(), false},
      {"engaged", "neutral", 80, 31, List.of(), false},
      {"engaged", "neutral", 79, 30, List.of(), false},
      {"engaged", "neutral", 80, 30, List.of(), false},
      {"engaged", "neutral", 100, 0, List.of(), false},
      {"overloaded", "calm", 0, 100, List.of(), false},
      {"focused", "calm", 10, 90, List.of("slow_pacing"), false},
      {"engaged", "anxious", 10, 90, List.of(), false},
      {"engaged", "anxious", 10, 90, List.of(), true},
      {"engaged", "tense", 85, 90, List.of(), false},
      {"engaged", "tense", 85, 90, List.of(), true},
      {"engaged", "anxious", 85, 20, List.of(), false},
    };
    for (Object[] e : examples) {
      pacing(file, group, "TableExample", e);
    }
    for (int pressure : new int[] {0, 79, 80, 100}) {
      for (int clarity : new int[] {0, 30, 31, 100}) {
        pacing(
            file,
            group,
            "Boundary",
            new Object[] {"engaged", "neutral", pressure, clarity, List.of(), false});
      }
    }
    for (String presence : List.of("focused", "diffuse", "engaged", "overloaded")) {
      pacing(file, group, "Presence", new Object[] {presence, "calm", 0, 100, List.of(), false});
      pacing(file, group, "Presence", new Object[] {presence, "neutral", 79, 31, List.of(), false});
    }
    for (String affect : List.of("calm", "tense", "anxious", "energized", "neutral")) {
      for (boolean confirmed : new boolean[] {false, true}) {
        pacing(
            file, group, "Affect", new Object[] {"engaged", affect, 0, 100, List.of(), confirmed});
        pacing(
            file, group, "Affect", new Object[] {"engaged", affect, 80, 31, List.of(), confirmed});
      }
    }
    pacing(
        file,
        group,
        "SafetyFlag",
        new Object[] {"engaged", "calm", 0, 100, List.of("slow_pacing"), false});
    pacing(
        file,
        group,
        "SafetyFlag",
        new Object[] {"engaged", "calm", 0, 100, List.of("avoid_conflict"), false});
    pacing(
        file,
        group,
        "SafetyFlag",
        new Object[] {"engaged", "calm", 80, 30, List.of("slow_pacing"), false});
    pacing(
        file,
        group,
        "SafetyFlag",
        new Object[] {"engaged", "anxious", 0, 100, List.of("slow_pacing"), true});
    return file;
  }

  @SuppressWarnings("unchecked")
  private static void pacing(VectorFile file, ObjectNode group, String flag, Object[] e) {
    String presence = (String) e[0];
    String affect = (String) e[1];
    int pressure = (Integer) e[2];
    int clarity = (Integer) e[3];
    List<String> flags = (List<String>) e[4];
    boolean confirmed = (Boolean) e[5];
    String level = level(presence, pressure, clarity, flags);
    String decision = decision(presence, affect, pressure, clarity, flags, confirmed);
    ObjectNode f = VectorFile.fields();
    ObjectNode h = f.putObject("human");
    h.put("presence", presence);
    h.put("affect", affect);
    h.put("clarity", clarity);
    h.put("pressure", pressure);
    h.put("intent", "none");
    h.put("consent", "granted");
    strings(f.putArray("safetyFlags"), flags);
    f.put("checkInConfirmed", confirmed);
    f.put("level", level);
    f.put("decision", decision);
    List<String> reqs =
        switch (decision) {
          case "defer" -> List.of("HCP-PAC-001", "HCP-PAC-004");
          case "slow" -> List.of("HCP-PAC-002", "HCP-PAC-004");
          case "check_in" -> List.of("HCP-CHK-001", "HCP-CHK-004");
          default -> List.of("HCP-PAC-003", "HCP-PAC-004");
        };
    String comment =
        presence
            + ", "
            + affect
            + ", pressure "
            + pressure
            + ", clarity "
            + clarity
            + (flags.isEmpty() ? "" : ", flags " + flags)
            + (confirmed ? ", check-in confirmed" : "")
            + " -> "
            + decision;
    file.test(group, comment, List.of(flag), "valid", reqs, f);
  }

  // ---------------------------------------------------------------- consent

  /** Table 4.3 for one human. */
  static boolean allows(
      String consent,
      List<String> scope,
      String kind,
      @Nullable String topic,
      @Nullable String openTopic) {
    return switch (consent) {
      case "granted" -> true;
      case "limited" ->
          switch (kind) {
            case "intent" -> scope.contains(topic);
            case "check_in" -> true;
            default -> openTopic != null && scope.contains(openTopic);
          };
      default -> false;
    };
  }

  private static VectorFile consentFile() {
    VectorFile file =
        new VectorFile(
            CONSENT_PATH,
            "Web4-HCP-Consent",
            "vectors/hcp_consent_test.schema.json",
            List.of(
                "Whether consent allows an action (spec/hcp.md section 4.3, Table 4.3). kind is"
                    + " intent (an HCP_INTENT on topic), other (an HCP_CONTEXT, HCP_DECISION or"
                    + " HCP_FEEDBACK that is not a check-in message: judged on the session's open"
                    + " topic, null when none) or check_in (a check-in message, Table 4.5a).",
                "Group HcpConsentOne: one human's consent and consentScope; allowed is Table 4.3's"
                    + " answer. Group HcpConsentBoth: the principal's and the counterpart's; the"
                    + " action is allowed only when both allow it, and refusal names the first"
                    + " that does not: the counterpart (step G4 of Table 4.2 for an incoming"
                    + " action) before the principal (G5); an outgoing action is refused with"
                    + " CONSENT when either does not allow it (row O2 of Table 4.4d)."));
    file.note("Granted", "Functionality", "granted allows everything; the scope is not consulted.")
        .note(
            "Limited",
            "Functionality",
            "limited: intents on a scope topic, others on the open topic.")
        .note("EmptyScope", "EdgeCase", "limited with an empty scope allows no intent.")
        .note("Revoked", "Functionality", "revoked allows nothing, check-ins included.")
        .note(
            "CheckIn", "Functionality", "A check-in message needs no topic under limited consent.")
        .note("BothHumans", "Functionality", "Both humans' consent must allow the action.");
    ObjectNode one = file.group("HcpConsentOne");
    one.put("source", "spec/hcp.md Table 4.3");
    List<List<String>> scopes =
        List.of(List.of(), List.of("topic:work"), List.of("topic:work", "topic:home"));
    for (String consent : List.of("granted", "limited", "revoked")) {
      for (List<String> scope : scopes) {
        for (String topic : List.of("topic:work", "topic:personal")) {
          consentOne(file, one, consent, scope, "intent", topic, null);
        }
        for (String open : new String[] {null, "topic:work", "topic:personal"}) {
          consentOne(file, one, consent, scope, "other", null, open);
        }
        consentOne(file, one, consent, scope, "check_in", null, null);
      }
    }
    ObjectNode both = file.group("HcpConsentBoth");
    both.put("source", "spec/hcp.md Table 4.3 and Table 4.2 steps G4, G5");
    String[][] pairs = {
      {"granted", "granted"},
      {"granted", "limited"},
      {"limited", "granted"},
      {"limited", "limited"},
      {"revoked", "granted"},
      {"granted", "revoked"},
      {"revoked", "revoked"},
      {"limited", "revoked"},
    };
    for (String[] p : pairs) {
      for (String topic : List.of("topic:work", "topic:home")) {
        consentBoth(file, both, p[0], List.of("topic:work"), p[1], List.of("topic:home"), topic);
      }
    }
    return file;
  }

  private static void consentOne(
      VectorFile file,
      ObjectNode group,
      String consent,
      List<String> scope,
      String kind,
      @Nullable String topic,
      @Nullable String openTopic) {
    boolean allowed = allows(consent, scope, kind, topic, openTopic);
    ObjectNode f = VectorFile.fields();
    f.put("consent", consent);
    strings(f.putArray("consentScope"), scope);
    f.put("kind", kind);
    putNullable(f, "topic", topic);
    putNullable(f, "openTopic", openTopic);
    f.put("allowed", allowed);
    String flag =
        switch (consent) {
          case "granted" -> "Granted";
          case "revoked" -> "Revoked";
          default ->
              kind.equals("check_in")
                  ? "CheckIn"
                  : scope.isEmpty() && kind.equals("intent") ? "EmptyScope" : "Limited";
        };
    List<String> reqs =
        consent.equals("revoked")
            ? List.of("HCP-CON-001", "HCP-CON-003", "HCP-CON-005")
            : allowed
                ? List.of("HCP-CON-004")
                : List.of("HCP-CON-002", "HCP-CON-003", "HCP-CON-005");
    String what =
        kind.equals("intent")
            ? "intent on " + topic
            : kind.equals("other") ? "decision, open topic " + openTopic : "check-in";
    file.test(
        group,
        consent + " " + scope + ": " + what + " -> " + (allowed ? "allowed" : "CONSENT"),
        List.of(flag),
        "valid",
        reqs,
        f);
  }

  private static void consentBoth(
      VectorFile file,
      ObjectNode group,
      String principal,
      List<String> principalScope,
      String counterpart,
      List<String> counterpartScope,
      String topic) {
    boolean byCounterpart = allows(counterpart, counterpartScope, "intent", topic, null);
    boolean byPrincipal = allows(principal, principalScope, "intent", topic, null);
    ObjectNode f = VectorFile.fields();
    ObjectNode p = f.putObject("principal");
    p.put("consent", principal);
    strings(p.putArray("consentScope"), principalScope);
    ObjectNode c = f.putObject("counterpart");
    c.put("consent", counterpart);
    strings(c.putArray("consentScope"), counterpartScope);
    f.put("kind", "intent");
    f.put("topic", topic);
    f.put("allowed", byCounterpart && byPrincipal);
    if (!byCounterpart) {
      f.put("refusedAt", "G4");
    } else if (!byPrincipal) {
      f.put("refusedAt", "G5");
    } else {
      f.putNull("refusedAt");
    }
    file.test(
        group,
        "principal "
            + principal
            + " "
            + principalScope
            + ", counterpart "
            + counterpart
            + " "
            + counterpartScope
            + ": intent on "
            + topic,
        List.of("BothHumans"),
        "valid",
        List.of("HCP-CON-003", "HCP-CON-004", "HCP-CON-005", "HCP-SES-006"),
        f);
  }

  // ---------------------------------------------------------------- trust

  /**
   * Table 4.7b transcribed from spec/hcp.md: state → event → next state; a missing cell leaves the
   * state unchanged.
   */
  private static final Map<String, Map<String, String>> TRUST =
      Map.of(
          "untrusted", Map.of("hello", "probing", "hello_revoked", "restricted"),
          "probing", Map.of("validated", "trusted", "revoked", "restricted"),
          "trusted", Map.of("misunderstanding", "probing", "revoked", "restricted"),
          "restricted", Map.of("restored", "probing"));

  /** One session as spec/hcp.md §4.7 describes it. */
  private static final class SpecSession {
    String state = "untrusted";
    int corrective;

    /** Applies a step; returns the Table 4.7a event it was, or null. */
    @Nullable String step(ObjectNode s) {
      String event;
      switch (s.path("step").asText()) {
        case "hello" -> event = s.path("consentRevoked").asBoolean() ? "hello_revoked" : "hello";
        case "feedback" -> {
          int satisfaction = s.has("satisfaction") ? s.path("satisfaction").asInt() : -1;
          int corrections = s.path("corrections").asInt();
          if (corrections > 0 || (satisfaction >= 0 && satisfaction <= 30)) {
            corrective++;
            if (corrective < 2) {
              return null;
            }
            corrective = 0;
            event = "misunderstanding";
          } else if (satisfaction >= 70) {
            corrective = 0;
            event = "validated";
          } else {
            return null;
          }
        }
        default -> event = s.path("step").asText();
      }
      String next = TRUST.getOrDefault(state, Map.of()).get(event);
      if (next != null) {
        state = next;
      }
      return event.equals("hello_revoked") ? "hello" : event;
    }
  }

  private static VectorFile trustFile() {
    VectorFile file =
        new VectorFile(
            TRUST_PATH,
            "Web4-HCP-Trust",
            "vectors/hcp_trust_test.schema.json",
            List.of(
                "HCP trust state sequences of one session (spec/hcp.md section 4.7, Tables 4.7a"
                    + " and 4.7b). Each test starts with a session before the peer's HCP_HELLO"
                    + " (state untrusted) and applies steps in order; state is the session's state"
                    + " after the step, event the Table 4.7a event the step was (null: none).",
                "A step is hello (the peer's first HCP_HELLO accepted; consentRevoked: a consent"
                    + " is revoked at that moment), feedback (an accepted HCP_FEEDBACK with"
                    + " satisfaction, absent when not given, and the number of corrections:"
                    + " validated when satisfaction >= 70 without corrections; corrective when"
                    + " corrections > 0 or satisfaction <= 30, the second corrective in a row with"
                    + " no validated in between being misunderstanding), revoked or restored.",
                "cell, when present, names the cell of Table 4.7b the last step exercises."));
    file.note("TableCell", "Functionality", "One cell of Table 4.7b, reached by the shortest path.")
        .note(
            "FeedbackValues",
            "EdgeCase",
            "Satisfaction 69/70 validates, 30/31 is corrective; corrections make any feedback"
                + " corrective.")
        .note(
            "CorrectiveRun",
            "EdgeCase",
            "Only the second corrective feedback in a row is misunderstanding; a validating one"
                + " restarts the count, a neutral one does not.")
        .note("Lifecycle", "Functionality", "A longer history through several states.");
    ObjectNode group = file.group("HcpTrust");
    group.put("source", "spec/hcp.md Table 4.7b");
    group.put("initialState", "untrusted");
    // every cell: the shortest path to the state, then the event
    Map<String, List<ObjectNode>> to =
        Map.of(
            "untrusted", List.of(),
            "probing", List.of(hello(false)),
            "trusted", List.of(hello(false), feedback(70, 0)),
            "restricted", List.of(hello(true)));
    List<String> events = List.of("hello", "validated", "misunderstanding", "revoked", "restored");
    for (String state : List.of("untrusted", "probing", "trusted", "restricted")) {
      for (String event : events) {
        List<ObjectNode> steps = new ArrayList<>(to.get(state));
        switch (event) {
          case "hello" -> steps.add(hello(false));
          case "validated" -> steps.add(feedback(85, 0));
          case "misunderstanding" -> {
            steps.add(feedback(40, 1));
            steps.add(feedback(10, 0));
          }
          default -> steps.add(step(event));
        }
        trust(file, group, state + " + " + event, "TableCell", steps, state, event);
      }
    }
    trust(
        file,
        group,
        "untrusted + hello while a consent is revoked",
        "TableCell",
        List.of(hello(true)),
        "untrusted",
        "hello");
    trust(
        file,
        group,
        "satisfaction 69 does not validate",
        "FeedbackValues",
        List.of(hello(false), feedback(69, 0)),
        null,
        null);
    trust(
        file,
        group,
        "satisfaction 70 validates",
        "FeedbackValues",
        List.of(hello(false), feedback(70, 0)),
        null,
        null);
    trust(
        file,
        group,
        "satisfaction 100 with a correction does not validate",
        "FeedbackValues",
        List.of(hello(false), feedback(100, 1)),
        null,
        null);
    trust(
        file,
        group,
        "a feedback without satisfaction neither validates nor corrects",
        "FeedbackValues",
        List.of(hello(false), feedback(70, 0), feedbackWithout(0), feedbackWithout(0)),
        null,
        null);
    trust(
        file,
        group,
        "satisfaction 31 is not corrective",
        "FeedbackValues",
        List.of(hello(false), feedback(70, 0), feedback(31, 0), feedback(31, 0)),
        null,
        null);
    trust(
        file,
        group,
        "satisfaction 30 is corrective",
        "FeedbackValues",
        List.of(hello(false), feedback(70, 0), feedback(30, 0), feedback(30, 0)),
        null,
        null);
    trust(
        file,
        group,
        "a correction without satisfaction is corrective",
        "FeedbackValues",
        List.of(hello(false), feedback(70, 0), feedbackWithout(1), feedbackWithout(2)),
        null,
        null);
    trust(
        file,
        group,
        "one corrective feedback is not misunderstanding",
        "CorrectiveRun",
        List.of(hello(false), feedback(70, 0), feedback(10, 0)),
        null,
        null);
    trust(
        file,
        group,
        "a validating feedback restarts the count",
        "CorrectiveRun",
        List.of(hello(false), feedback(70, 0), feedback(10, 0), feedback(90, 0), feedback(10, 0)),
        null,
        null);
    trust(
        file,
        group,
        "a neutral feedback does not break the run",
        "CorrectiveRun",
        List.of(hello(false), feedback(70, 0), feedback(10, 0), feedback(50, 0), feedback(10, 0)),
        null,
        null);
    trust(
        file,
        group,
        "the count starts again after misunderstanding",
        "CorrectiveRun",
        List.of(
            hello(false),
            feedback(70, 0),
            feedback(10, 0),
            feedback(10, 0),
            feedback(90, 0),
            feedback(10, 0),
            feedback(20, 0),
            feedback(10, 0)),
        null,
        null);
    trust(
        file,
        group,
        "a misunderstanding in a probing session is counted too",
        "CorrectiveRun",
        List.of(hello(false), feedback(10, 0), feedback(10, 0), feedback(70, 0), feedback(10, 0)),
        null,
        null);
    trust(
        file,
        group,
        "revoked, restored, validated again, revoked",
        "Lifecycle",
        List.of(
            hello(false),
            feedback(90, 0),
            step("revoked"),
            feedback(90, 0),
            step("restored"),
            feedback(90, 0),
            step("revoked"),
            step("restored")),
        null,
        null);
    return file;
  }

  private static ObjectNode hello(boolean revoked) {
    ObjectNode s = step("hello");
    s.put("consentRevoked", revoked);
    return s;
  }

  private static ObjectNode feedback(int satisfaction, int corrections) {
    ObjectNode s = step("feedback");
    s.put("satisfaction", satisfaction);
    s.put("corrections", corrections);
    return s;
  }

  private static ObjectNode feedbackWithout(int corrections) {
    ObjectNode s = step("feedback");
    s.put("corrections", corrections);
    return s;
  }

  private static ObjectNode step(String name) {
    ObjectNode s = NODES.objectNode();
    s.put("step", name);
    return s;
  }

  private static void trust(
      VectorFile file,
      ObjectNode group,
      String comment,
      String flag,
      List<ObjectNode> steps,
      @Nullable String cellState,
      @Nullable String cellEvent) {
    SpecSession session = new SpecSession();
    ObjectNode f = VectorFile.fields();
    if (cellState != null && cellEvent != null) {
      ObjectNode cell = f.putObject("cell");
      cell.put("state", cellState);
      cell.put("event", cellEvent);
    }
    ArrayNode out = f.putArray("steps");
    for (ObjectNode s : steps) {
      ObjectNode o = s.deepCopy();
      String event = session.step(s);
      putNullable(o, "event", event);
      o.put("state", session.state);
      out.add(o);
    }
    file.test(
        group, comment + " -> " + session.state, List.of(flag), "valid", List.of("HCP-TRU-001"), f);
  }

  // ---------------------------------------------------------------- helpers

  private static void strings(ArrayNode into, List<String> values) {
    values.forEach(into::add);
  }

  private static void putNullable(ObjectNode o, String name, @Nullable String value) {
    if (value == null) {
      o.putNull(name);
    } else {
      o.put(name, value);
    }
  }
}
