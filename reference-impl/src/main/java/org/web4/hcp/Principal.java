package org.web4.hcp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * The agent's principal: the human the harness plays (spec/hcp.md §4.1, Table 4.1), its consent
 * scope and safety flags, and the name and role its HCP_HELLO carries. Guarded by the runtime's
 * lock, except {@link #identity}, which the operator may set at any time.
 */
final class Principal {
  Human human = Human.INITIAL;
  List<String> scope = List.of();
  List<String> flags = List.of();
  volatile HcpRuntime.PrincipalIdentity identity;

  Principal(HcpRuntime.PrincipalIdentity identity) {
    this.identity = identity;
  }

  /** Back to Table 4.1 (harness {@code reset}); the identity stays the operator's. */
  void reset() {
    human = Human.INITIAL;
    scope = List.of();
    flags = List.of();
  }

  Set<String> scopeSet() {
    return Set.copyOf(scope);
  }

  /** The pacing level of the principal's own state (Table 4.4a–c). */
  Level level() {
    return Pacing.level(human, Set.copyOf(flags));
  }

  /** The principal as harness {@code hcp/human/*} and {@code hcp/sessions} describe it. */
  ObjectNode toJson() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.set("human", human.toJson());
    scope.forEach(p.putArray("consent_scope")::add);
    flags.forEach(p.putArray("safety_flags")::add);
    p.put("level", level().wire());
    return p;
  }
}
