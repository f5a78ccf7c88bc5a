package org.web4.conformance.miniatures;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Test the tester, for the {@code @slow} scenarios (RTT-LIM-010): the reference with one deliberate
 * deviation at a time, run as --slow runs it, must fail exactly the requirement IDs of its row of
 * docs/deviations.md.
 */
class SlowDeviationsTest {
  @TestFactory
  Stream<DynamicTest> eachDeviationFailsExactlyItsRequirements() throws IOException {
    return DeviationArea.SLOW.cases();
  }
}
