package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;

/** {@code GET /harness/v1/info} [HAR-INFO-001]. */
final class InfoOperation implements Operation {
  private final HarnessBackend backend;

  InfoOperation(HarnessBackend backend) {
    this.backend = backend;
  }

  @Override
  public String path() {
    return "info";
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String requestSchema() {
    return "harness/info.request.schema.json";
  }

  @Override
  public ObjectNode handle(JsonNode request) {
    ObjectNode out = Responses.object();
    out.put("harness_version", HarnessServer.HARNESS_VERSION);
    ObjectNode implementation = out.putObject("implementation");
    implementation.put("name", backend.implementation().name());
    implementation.put("version", backend.implementation().version());
    ObjectNode protocols = out.putObject("protocols");
    for (String protocol : new String[] {"cip", "hcp", "lip"}) {
      protocols.putArray(protocol).add("1.0");
    }
    if (backend.capabilities().contains(MeshOperations.CAPABILITY)) {
      protocols.putArray("mesh").add("1.0"); // [HAR-INFO-006]
    }
    // the vector operations alone are the library profile; with a running agent (rtt listed) the
    // reference claims every profile (spec/README.md §2.5)
    ArrayNode profiles = out.putArray("profiles").add("library");
    if (backend.capabilities().contains("rtt")) {
      profiles.add("core").add("full");
    }
    ArrayNode capabilities = out.putArray("capabilities");
    backend.capabilities().forEach(capabilities::add);
    // [HAR-INFO-001] identity "MAY be omitted ... when no listed capability needs the IUT's own
    // key (none of sign/envelope, rtt and cip is listed)"; harness 1.0's sign is sign/envelope too
    List<String> listed = backend.capabilities();
    if (Stream.of("sign", "sign/envelope", "rtt", "cip").anyMatch(listed::contains)) {
      HarnessBackend.Identity identity = backend.identity();
      ObjectNode id = out.putObject("identity");
      id.put("agent_id", identity.agentId());
      id.put("pubkey", identity.publicKey().base64());
      id.put("fingerprint", identity.publicKey().fingerprint());
    }
    return out;
  }
}
