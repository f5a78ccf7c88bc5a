package org.web4.conformance.miniatures;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.web4.conformance.testing.AfterTheOtherClasses;

/**
 * Test the tester, for RTT: every RTT scenario (the CIP and LIP ones aside): the reference with one
 * deliberate deviation at a time must fail exactly the requirement IDs of its row of
 * docs/deviations.md.
 */
@AfterTheOtherClasses
class RttDeviationsTest {
  @TestFactory
  Stream<DynamicTest> eachDeviationFailsExactlyItsRequirements() throws IOException {
    return DeviationArea.RTT.cases();
  }
}
