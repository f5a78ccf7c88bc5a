@mesh @rtt @clock
Feature: A peer that does not read
  spec/rtt.md §7 (RTT-LIM-008, RTT-LIM-009; docs/adr/1207): an endpoint whose transport accepts
  none of the bytes waiting to be written for 30 seconds of its clock refuses the connection with
  TIMEOUT; an endpoint that closes a connection writes what it produced before it, whole, while
  the transport accepts bytes. Harness mesh/send makes the implementation send 40 FACT_PROPOSEs of
  about 400,000 bytes on channel knowledge (16 MB), more than the loopback buffers hold; the peer
  reads the first window, stops reading, and grants credit as the send queue (HAR-RTT-003) shows it
  used, until the window lets out every queued byte or the queue stops moving: the rest waits in
  the implementation, whose transport takes nothing more.

  @RTT-LIM-008
  Scenario: bytes the transport takes none of for 30 seconds end the connection
    Given peer "alice" has completed the CIP handshake with the implementation
    When peer "alice" stops reading while the implementation sends it 40 FACT_PROPOSEs of about 400000 bytes through the mesh
    And the implementation's clock advances while its writes to "alice" stall
    Then the implementation no longer serves its connection to "alice"
    And peer "alice", reading again, sees the connection end after at most a closing TIMEOUT

  @RTT-LIM-009
  Scenario: a connection that closes while its peer reads again ends after its last message, not inside one
    Given peer "alice" has completed the CIP handshake with the implementation
    When peer "alice" stops reading while the implementation sends it 40 FACT_PROPOSEs of about 400000 bytes through the mesh
    And peer "alice" sends GOAWAY and the implementation begins to close the connection
    # Past the 5 s of Table 7 for a close, well within the 30 s RTT-LIM-009 gives the transport.
    And the implementation's clock advances 6 seconds
    Then peer "alice", reading again, receives every transport message whole, then a GOAWAY, then the end of the connection
