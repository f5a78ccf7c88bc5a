@rtt @rtt-resume
Feature: RTT 1.1 session resume: the send-queue policy against what a session retains, and a refusal across a cut
  spec/rtt.md §12 (RTT-RES-017, RTT-RES-018) and §9.1; docs/adr/1425; harness.md §4.8 (rtt/send_queue)
  and §4.16 (rtt/send, which with no connection open takes a suspended session). The tester is the
  session dialer and the receiver. With the policy at 2 messages per channel it has the implementation
  send numbered messages of 400,000 bytes on a named channel while it withholds ACK and CREDIT: #0 and
  #1 leave whole, #2 in part (the 1 MiB window), #3 waits. It reads up to the first DATA frame of #2,
  counts only some messages delivered — those sent whole after them stay retained, unacknowledged —
  and cuts. The implementation may be asked to send more while its session is suspended; after the
  resume the tester takes, its window open, exactly the messages the policy kept, each once, whole and
  in order, and a PING round trip shows that nothing follows. No real-time wait decides anything.

  Background:
    Given the implementation offers RTT session resume
    And the tester has opened an RTT 1.1 session as the implementation's receiver

  @RTT-RES-017 @rtt-send @mesh
  Scenario: drop_oldest on a connection: the messages it discarded are not sent after a resume either
    Given the implementation's send queue policy is "drop_oldest" with at most 2 messages, 67108864 bytes and a block timeout of 0 ms
    When the implementation is asked to send 6 messages of 400000 bytes on the named channel "policy-held"
    And the tester takes 2 of the implementation's messages on "policy-held" and the first DATA frame of the next, counts 2 delivered and cuts the connection
    Then the implementation has no RTT connection with the tester
    When the tester resumes the session with the counts of what it took
    Then the implementation sends on "policy-held", each once, whole and in order, exactly its messages "2, 5"

  @RTT-RES-017 @rtt-send @mesh
  Scenario: drop_oldest while suspended discards the oldest message not yet begun, never one sent whole or in part
    Given the implementation's send queue policy is "drop_oldest" with at most 2 messages, 67108864 bytes and a block timeout of 0 ms
    When the implementation is asked to send 4 messages of 400000 bytes on the named channel "policy-held"
    And the tester takes 2 of the implementation's messages on "policy-held" and the first DATA frame of the next, counts 1 delivered and cuts the connection
    Then the implementation has no RTT connection with the tester
    When the implementation, its session suspended, is asked to send 2 messages of 400000 bytes on the named channel "policy-held" and accepts 2
    And the tester resumes the session with the counts of what it took
    Then the implementation sends on "policy-held", each once, whole and in order, exactly its messages "1, 2, 5"

  @RTT-RES-017 @rtt-send @mesh
  Scenario: drop_newest while suspended discards the new messages and keeps every retained one
    Given the implementation's send queue policy is "drop_newest" with at most 2 messages, 67108864 bytes and a block timeout of 0 ms
    When the implementation is asked to send 4 messages of 400000 bytes on the named channel "policy-held"
    And the tester takes 2 of the implementation's messages on "policy-held" and the first DATA frame of the next, counts 1 delivered and cuts the connection
    Then the implementation has no RTT connection with the tester
    When the implementation, its session suspended, is asked to send 2 messages of 400000 bytes on the named channel "policy-held" and accepts 2
    And the tester resumes the session with the counts of what it took
    Then the implementation sends on "policy-held", each once, whole and in order, exactly its messages "1, 2, 3"

  @RTT-RES-017 @rtt-send @mesh
  Scenario: error while suspended refuses a send into the session's full queue
    Given the implementation's send queue policy is "error" with at most 2 messages, 67108864 bytes and a block timeout of 0 ms
    When the implementation is asked to send 4 messages of 400000 bytes on the named channel "policy-held"
    And the tester takes 2 of the implementation's messages on "policy-held" and the first DATA frame of the next, counts 1 delivered and cuts the connection
    Then the implementation has no RTT connection with the tester
    When the implementation, its session suspended, is asked to send 2 messages of 400000 bytes on the named channel "policy-held" and accepts 0
    And the tester resumes the session with the counts of what it took
    Then the implementation sends on "policy-held", each once, whole and in order, exactly its messages "1, 2, 3"

  @RTT-RES-017 @rtt-send @mesh
  Scenario: block while suspended refuses at once: no CREDIT can make room before a resume
    Given the implementation's send queue policy is "block" with at most 2 messages, 67108864 bytes and a block timeout of 200 ms
    When the implementation is asked to send 4 messages of 400000 bytes on the named channel "policy-held"
    And the tester takes 2 of the implementation's messages on "policy-held" and the first DATA frame of the next, counts 1 delivered and cuts the connection
    Then the implementation has no RTT connection with the tester
    When the implementation, its session suspended, is asked to send 1 message of 400000 bytes on the named channel "policy-held" and accepts 0
    And the tester resumes the session with the counts of what it took
    Then the implementation sends on "policy-held", each once, whole and in order, exactly its messages "1, 2, 3"

  @RTT-RES-018
  Scenario: a refusal sent just before a cut is not sent again after the resume; the refused message counts as delivered
    When the tester sends on the standard channel "knowledge" a message that is not JSON, takes the implementation's non-closing ERROR for it and cuts the connection
    Then the implementation has no RTT connection with the tester
    When the tester resumes the session with the counts of what it took
    Then the implementation's RESUME counts 1 message delivered on the standard channel "knowledge"
    And the implementation sends no ERROR on the resumed connection before its PONG
