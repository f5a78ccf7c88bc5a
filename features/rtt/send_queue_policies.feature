@mesh @rtt
Feature: The send-queue policies
  spec/rtt.md §9.1 (RTT-BP-001 … RTT-BP-004), spec/harness.md §4.8 (HAR-RTT-004, HAR-RTT-005) and
  spec/events.md (EVT-RTT-003): harness rtt/send_queue sets the policy and limits of every channel's
  send queue. The peer withholds CREDIT while harness mesh/send makes the implementation send it
  FACT_PROPOSEs of about 400,000 bytes on channel knowledge: #1 and #2 leave whole, #3 in part, and
  with at most 2 messages queued #4 still fits while #5 and #6 do not. The peer then reads with its
  window open and checks which messages arrived, whole and in order.

  @RTT-BP-001 @HAR-RTT-004 @HAR-RTT-005 @EVT-RTT-003 @events
  Scenario: error refuses the messages that do not fit, and counts and reports each refusal
    Given peer "alice" has completed the CIP handshake with the implementation
    And the implementation's send queue policy is "error" with at most 2 messages, 67108864 bytes and a block timeout of 0 ms
    And peer "alice" withholds credit from now on
    When the implementation is asked to send 6 FACT_PROPOSEs of about 400000 bytes through the mesh to "alice"
    Then peer "alice", its window open, receives on channel knowledge FACT_PROPOSEs "1, 2, 3, 4"
    And the implementation reports for "alice" a send queue with 0 dropped, 2 refused and 0 blocked
    And the implementation reported 2 rtt.send_queue.refused events for "alice" on channel knowledge

  @RTT-BP-001
  Scenario: error counts bytes too: a message that would take the queue over max_bytes is refused
    Given peer "alice" has completed the CIP handshake with the implementation
    And the implementation's send queue policy is "error" with at most 64 messages, 500000 bytes and a block timeout of 0 ms
    And peer "alice" withholds credit from now on
    When the implementation is asked to send 5 FACT_PROPOSEs of about 400000 bytes through the mesh to "alice"
    Then peer "alice", its window open, receives on channel knowledge FACT_PROPOSEs "1, 2, 3"
    And the implementation reports for "alice" a send queue with 0 dropped, 2 refused and 0 blocked

  @RTT-BP-002 @EVT-RTT-003 @events
  Scenario: drop_newest discards the new messages and keeps the queue
    Given peer "alice" has completed the CIP handshake with the implementation
    And the implementation's send queue policy is "drop_newest" with at most 2 messages, 67108864 bytes and a block timeout of 0 ms
    And peer "alice" withholds credit from now on
    When the implementation is asked to send 6 FACT_PROPOSEs of about 400000 bytes through the mesh to "alice"
    Then peer "alice", its window open, receives on channel knowledge FACT_PROPOSEs "1, 2, 3, 4"
    And the implementation reports for "alice" a send queue with 2 dropped, 0 refused and 0 blocked
    And the implementation reported 2 rtt.send_queue.dropped events for "alice" on channel knowledge

  @RTT-BP-003
  Scenario: drop_oldest discards the oldest message not yet begun, never the one in part on the wire
    Given peer "alice" has completed the CIP handshake with the implementation
    And the implementation's send queue policy is "drop_oldest" with at most 2 messages, 67108864 bytes and a block timeout of 0 ms
    And peer "alice" withholds credit from now on
    When the implementation is asked to send 6 FACT_PROPOSEs of about 400000 bytes through the mesh to "alice"
    Then peer "alice", its window open, receives on channel knowledge FACT_PROPOSEs "1, 2, 3, 6"
    And the implementation reports for "alice" a send queue with 2 dropped, 0 refused and 0 blocked

  @RTT-BP-004
  Scenario: block waits for room, and refuses once its timeout passes with the window still closed
    Given peer "alice" has completed the CIP handshake with the implementation
    And the implementation's send queue policy is "block" with at most 2 messages, 67108864 bytes and a block timeout of 200 ms
    And peer "alice" withholds credit from now on
    When the implementation is asked to send 5 FACT_PROPOSEs of about 400000 bytes through the mesh to "alice"
    Then peer "alice", its window open, receives on channel knowledge FACT_PROPOSEs "1, 2, 3, 4"
    And the implementation reports for "alice" a send queue with 0 dropped, 1 refused and 1 blocked
