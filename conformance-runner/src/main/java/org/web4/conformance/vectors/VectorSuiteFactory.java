package org.web4.conformance.vectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.web4.conformance.run.Suite;
import org.web4.conformance.run.SuiteEnvironment;
import org.web4.conformance.run.SuiteFactory;
import org.web4.conformance.spec.RunnerConfigurationException;

/**
 * One suite per verified vector file, chosen by the file's schema. The files no harness operation
 * can run ({@link OfflineVectorSuite}, the RTT and CIP vectors) have a suite that lists their
 * cases, but a run leaves them out.
 */
public final class VectorSuiteFactory implements SuiteFactory {
  private static final Map<String, Function<VectorSet.VectorFileEntry, Suite>> BY_SCHEMA =
      Map.of(
          JcsSuite.SCHEMA, JcsSuite::new,
          Ed25519VerifySuite.SCHEMA, Ed25519VerifySuite::new,
          Ed25519SignSuite.SCHEMA, Ed25519SignSuite::new,
          EnvelopeVerifySuite.SCHEMA, EnvelopeVerifySuite::new,
          EnvelopeSignSuite.SCHEMA, EnvelopeSignSuite::new);

  /** The suites a run executes: every vector file's suite but the offline ones. */
  @Override
  public List<Suite> suites(SuiteEnvironment environment) {
    List<Suite> out = new ArrayList<>();
    for (Suite suite : suites(environment.vectors())) {
      if (!(suite instanceof OfflineVectorSuite)) {
        out.add(suite);
      }
    }
    return out;
  }

  /** The suites of a vector set, one per file (offline ones included), in manifest order. */
  public static List<Suite> suites(VectorSet vectors) {
    List<Suite> out = new ArrayList<>();
    for (VectorSet.VectorFileEntry file : vectors.files()) {
      if (OfflineVectorSuite.SCHEMAS.contains(file.schema())) {
        out.add(new OfflineVectorSuite(file));
        continue;
      }
      Function<VectorSet.VectorFileEntry, Suite> make = BY_SCHEMA.get(file.schema());
      if (make == null) {
        throw new RunnerConfigurationException(
            file.path() + ": the runner has no suite for vector schema " + file.schema());
      }
      out.add(make.apply(file));
    }
    return out;
  }
}
