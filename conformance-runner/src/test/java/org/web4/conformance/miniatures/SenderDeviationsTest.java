package org.web4.conformance.miniatures;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.web4.conformance.testing.AfterTheOtherClasses;

/**
 * Test the tester, for what the implementation sends: the reference with one deliberate deviation
 * at a time (a badly signed INTENT_RESPONSE, one on the wrong channel, a stale timestamp, a reused
 * msg_id, a skipped frame sequence number) must fail exactly the requirement IDs of its row of
 * docs/deviations.md. Only the kit's wire judge (suite {@value DeviationArea#WIRE_JUDGE}) sees
 * these: every other check passes.
 */
@AfterTheOtherClasses
class SenderDeviationsTest {
  @TestFactory
  Stream<DynamicTest> eachDeviationFailsExactlyItsRequirements() throws IOException {
    return DeviationArea.SENDER.cases();
  }
}
