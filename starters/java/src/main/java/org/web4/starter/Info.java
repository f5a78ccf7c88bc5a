package org.web4.starter;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code GET info} answer (HAR-INFO-001 … 003), in the oldest harness version that can say what
 * the implementation offers (docs/adr/0901-starter-harnesses.md).
 *
 * <p>Harness 1.0 has one capability {@code sign} for {@code sign/raw} + {@code sign/envelope}, one
 * {@code verify} for {@code verify/raw} + {@code verify/envelope}, and requires an identity. When
 * the implemented operations fit that, {@code info} is 1.0, which every kit reads; otherwise it is
 * 1.1 with the split capabilities (and {@code identity} null when there is none).
 */
final class Info {
  private Info() {}

  static Map<String, Object> of(Implementation impl, Set<String> capabilities) {
    Optional<AgentIdentity> identity = impl.identity();
    boolean signPair = capabilities.contains("sign/raw") == capabilities.contains("sign/envelope");
    boolean verifyPair =
        capabilities.contains("verify/raw") == capabilities.contains("verify/envelope");
    boolean fits10 = identity.isPresent() && signPair && verifyPair;
    List<String> listed = new ArrayList<>();
    List<String> profiles = new ArrayList<>();
    if (fits10) {
      if (capabilities.contains("canonicalize")) {
        listed.add("canonicalize");
      }
      if (capabilities.contains("sign/raw")) {
        listed.add("sign");
      }
      if (capabilities.contains("verify/raw")) {
        listed.add("verify");
      }
      profiles.add("full"); // harness 1.0: the vector operations alone claim full (§4.1)
    } else {
      for (Operation op : Operation.values()) {
        if (capabilities.contains(op.path())) {
          listed.add(op.path());
        }
      }
      if (listed.size() == Operation.values().length) {
        profiles.add("library");
      }
    }
    Map<String, Object> implementation = new LinkedHashMap<>();
    implementation.put("name", impl.name());
    implementation.put("version", impl.version());
    Map<String, Object> protocols = new LinkedHashMap<>();
    protocols.put("cip", List.of());
    protocols.put("hcp", List.of());
    protocols.put("lip", List.of());
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("harness_version", fits10 ? "1.0" : "1.1");
    info.put("implementation", implementation);
    info.put("protocols", protocols);
    info.put("profiles", profiles);
    info.put("capabilities", listed);
    info.put("identity", identity.<Object>map(Info::identity).orElse(StrictJson.NULL));
    return info;
  }

  /** HAR-INFO-002: base64 of the 32 key bytes, and their lowercase hex SHA-256. */
  private static Map<String, Object> identity(AgentIdentity id) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("agent_id", id.agentId());
    out.put("pubkey", Base64.getEncoder().encodeToString(id.publicKey()));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.publicKey());
      out.put("fingerprint", HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    return out;
  }
}
