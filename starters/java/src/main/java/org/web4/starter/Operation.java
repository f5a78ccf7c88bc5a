package org.web4.starter;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The five operations an implementation may offer (spec/harness.md Table 4), each a POST whose path
 * under {@code /harness/v1/} is also its harness 1.1 capability name. Each constant checks its
 * request members, calls its method of {@link Implementation} and builds the answer; an {@link
 * Invalid} from the implementation becomes the 200 verdict of HAR-API-004.
 */
enum Operation {
  CANONICALIZE("canonicalize", "canonicalize") {
    @Override
    Map<String, Object> answer(Implementation impl, Object body) throws Refusal {
      byte[] input = Requests.hex(Requests.members(body, Set.of("input"), Set.of()), "input", -1);
      try {
        return valid("output", HEX.formatHex(impl.canonicalize(input)));
      } catch (Invalid e) {
        return invalid(e);
      }
    }
  },
  SIGN_RAW("sign/raw", "signRaw") {
    @Override
    Map<String, Object> answer(Implementation impl, Object body) throws Refusal {
      Map<String, Object> request = Requests.members(body, Set.of("seed", "msg"), Set.of());
      RawSignature s =
          impl.signRaw(Requests.hex(request, "seed", 32), Requests.hex(request, "msg", -1));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("pk", HEX.formatHex(s.publicKey()));
      out.put("sig", HEX.formatHex(s.signature()));
      return out;
    }
  },
  SIGN_ENVELOPE("sign/envelope", "signEnvelope") {
    @Override
    Map<String, Object> answer(Implementation impl, Object body) throws Refusal {
      Map<String, Object> request = Requests.members(body, Set.of("seed", "unsigned"), Set.of());
      byte[] seed = Requests.hex(request, "seed", 32);
      byte[] unsigned = Requests.hex(request, "unsigned", -1);
      try {
        SignedEnvelope signed = impl.signEnvelope(seed, unsigned);
        Map<String, Object> sign = new LinkedHashMap<>();
        sign.put("algo", "ed25519");
        sign.put("signature", Base64.getEncoder().encodeToString(signed.signature()));
        Map<String, Object> out = valid("envelope", HEX.formatHex(signed.text()));
        out.put("sign", sign);
        return out;
      } catch (Invalid e) {
        return invalid(e);
      }
    }
  },
  VERIFY_RAW("verify/raw", "verifyRaw") {
    @Override
    Map<String, Object> answer(Implementation impl, Object body) throws Refusal {
      Map<String, Object> request = Requests.members(body, Set.of("pk", "msg", "sig"), Set.of());
      byte[] pk = Requests.hex(request, "pk", -1);
      byte[] msg = Requests.hex(request, "msg", -1);
      byte[] sig = Requests.hex(request, "sig", -1);
      try {
        impl.verifyRaw(pk, msg, sig);
        return valid();
      } catch (Invalid e) {
        return invalid(e);
      }
    }
  },
  VERIFY_ENVELOPE("verify/envelope", "verifyEnvelope") {
    @Override
    Map<String, Object> answer(Implementation impl, Object body) throws Refusal {
      Map<String, Object> request =
          Requests.members(body, Set.of("envelope", "now"), Set.of("preceding"));
      List<TimedEnvelope> preceding = new ArrayList<>();
      if (request.containsKey("preceding")) {
        for (Object item : Requests.array(request, "preceding")) {
          preceding.add(timed(Requests.members(item, Set.of("envelope", "now"), Set.of())));
        }
      }
      TimedEnvelope envelope = timed(request);
      try {
        impl.verifyEnvelope(envelope, preceding);
        return valid();
      } catch (Invalid e) {
        return invalid(e);
      }
    }
  };

  private static final HexFormat HEX = HexFormat.of();

  private final String path;
  private final String javaMethod;

  Operation(String path, String javaMethod) {
    this.path = path;
    this.javaMethod = javaMethod;
  }

  /** The path under {@code /harness/v1/}, which is also the harness 1.1 capability name. */
  String path() {
    return path;
  }

  /** Checks the request and answers it (status 200). */
  abstract Map<String, Object> answer(Implementation impl, Object body) throws Refusal;

  /** Whether {@code impl}'s method for this operation no longer carries {@link NotImplemented}. */
  boolean implementedBy(Implementation impl) {
    // getMethods() lists the most derived public method of each signature; the names of the
    // operation methods of Implementation are unique
    for (Method m : impl.getClass().getMethods()) {
      if (m.getName().equals(javaMethod)) {
        return !m.isAnnotationPresent(NotImplemented.class);
      }
    }
    throw new IllegalStateException("Implementation has no method " + javaMethod);
  }

  private static TimedEnvelope timed(Map<String, Object> item) throws Refusal {
    return new TimedEnvelope(Requests.hex(item, "envelope", -1), Requests.timestamp(item, "now"));
  }

  private static Map<String, Object> valid() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result", "valid");
    return out;
  }

  private static Map<String, Object> valid(String member, Object value) {
    Map<String, Object> out = valid();
    out.put(member, value);
    return out;
  }

  /** HAR-API-004: a verdict about the data is a 200, never a 4xx. */
  private static Map<String, Object> invalid(Invalid e) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", e.code());
    error.put("message", String.valueOf(e.getMessage()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result", "invalid");
    out.put("error", error);
    return out;
  }
}
