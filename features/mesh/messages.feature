@mesh @rtt
Feature: Mesh payloads
  spec/mesh.md §3: the payload of every mesh type is closed and checked against its table; a payload
  that does not conform is refused with PAYLOAD_SCHEMA, one that conforms is not. "{fp:zoe}" is the
  fingerprint of the far agent zoe.

  Background:
    Given peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation

  Scenario Outline: a payload that does not conform to its table is refused with PAYLOAD_SCHEMA
    When peer "alice" sends a mesh <type> with the payload '<payload>'
    Then the implementation refuses peer "alice"'s message with "PAYLOAD_SCHEMA"

    @MESH-MSG-001
    Examples: MESH_RELAY
      | type       | payload |
      | MESH_RELAY | {"mesh_id":"{uuid}","origin":"{fp:alice}","destination":"{fp:zoe}","route":["{fp:alice}"],"envelope":"AAAA"} |
      | MESH_RELAY | {"mesh_id":"{uuid}","origin":"{fp:alice}","destination":"{fp:zoe}","hop_limit":17,"route":["{fp:alice}"],"envelope":"AAAA"} |
      | MESH_RELAY | {"mesh_id":"{uuid}","origin":"{fp:alice}","destination":"{fp:zoe}","hop_limit":9,"route":[],"envelope":"AAAA"} |
      | MESH_RELAY | {"mesh_id":"{uuid}","origin":"{fp:alice}","destination":"all","hop_limit":9,"route":["{fp:alice}"],"envelope":"AAAA"} |
      | MESH_RELAY | {"mesh_id":"{uuid}","origin":"{fp:alice}","destination":"{fp:zoe}","hop_limit":9,"route":["{fp:alice}"],"envelope":"AAA"} |
      | MESH_RELAY | {"mesh_id":"{uuid}","origin":"{fp:alice}","destination":"{fp:zoe}","hop_limit":9,"route":["{fp:alice}"],"envelope":"AAAA","ttl":1} |

    @MESH-MSG-002
    Examples: MESH_ROUTES
      | type        | payload |
      | MESH_ROUTES | {} |
      | MESH_ROUTES | {"routes":[{"destination":"{fp:zoe}","agent_id":"zoe","hops":0}]} |
      | MESH_ROUTES | {"routes":[{"destination":"{fp:zoe}","hops":1}]} |
      | MESH_ROUTES | {"routes":[{"destination":"{fp:zoe}","agent_id":"zoe","hops":1,"via":"{fp:bob}"}]} |

    @MESH-MSG-003
    Examples: MESH_UNDELIVERABLE
      | type               | payload |
      | MESH_UNDELIVERABLE | {"mesh_id":"{uuid}","code":"UNREACHABLE"} |
      | MESH_UNDELIVERABLE | {"mesh_id":"{uuid}","msg_id":"{uuid}","code":"unreachable"} |

    @MESH-MSG-004
    Examples: MESH_VOUCH
      | type       | payload |
      | MESH_VOUCH | {"subject":"{fp:zoe}","view":"probing"} |
      | MESH_VOUCH | {"subject":"{FINGERPRINT:zoe}","view":"trusted"} |

  Scenario Outline: a payload that conforms to its table is not refused with PAYLOAD_SCHEMA
    When peer "alice" sends a mesh <type> with the payload '<payload>'
    Then the implementation does not refuse peer "alice"'s message with "PAYLOAD_SCHEMA"

    @MESH-MSG-001
    Examples: MESH_RELAY (an inner envelope refused at step R4, after the schema)
      | type       | payload |
      | MESH_RELAY | {"mesh_id":"{uuid}","origin":"{fp:alice}","destination":"{fp:zoe}","hop_limit":9,"route":["{fp:alice}"],"envelope":"AAAA"} |

    @MESH-MSG-002
    Examples: MESH_ROUTES
      | type        | payload |
      | MESH_ROUTES | {"routes":[{"destination":"{fp:zoe}","agent_id":"zoe","hops":1}]} |
      | MESH_ROUTES | {"routes":[]} |

    @MESH-MSG-003
    Examples: MESH_UNDELIVERABLE
      | type               | payload |
      | MESH_UNDELIVERABLE | {"mesh_id":"{uuid}","msg_id":"{uuid}","code":"UNREACHABLE","message":"no route"} |

    @MESH-MSG-004
    Examples: MESH_VOUCH
      | type       | payload |
      | MESH_VOUCH | {"subject":"{fp:zoe}","view":"blacklisted"} |

  @MESH-MSG-001 @MESH-RLY-001
  Scenario: a conforming MESH_RELAY whose envelope is not an envelope is refused with RELAY
    When peer "alice" sends a mesh MESH_RELAY with the payload '{"mesh_id":"{uuid}","origin":"{fp:alice}","destination":"{fp:zoe}","hop_limit":9,"route":["{fp:alice}"],"envelope":"AAAA"}'
    Then the implementation refuses peer "alice"'s message with "RELAY"
