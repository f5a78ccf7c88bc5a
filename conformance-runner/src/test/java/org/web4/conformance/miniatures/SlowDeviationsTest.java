package org.web4.conformance.miniatures;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.web4.conformance.testing.AfterTheOtherClasses;

/**
 * Test the tester, for the {@code @slow} scenarios (RTT-LIM-010): the reference with one deliberate
 * deviation at a time, run as --slow runs it, must fail exactly the requirement IDs of its row of
 * docs/deviations.md.
 */
@AfterTheOtherClasses(turn = 1) // its run starts when asked, after the other deviant runs
class SlowDeviationsTest {
  @TestFactory
  Stream<DynamicTest> eachDeviationFailsExactlyItsRequirements() throws IOException {
    return DeviationArea.SLOW.cases();
  }
}
