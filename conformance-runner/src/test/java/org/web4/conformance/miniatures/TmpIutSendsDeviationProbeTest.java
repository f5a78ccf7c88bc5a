package org.web4.conformance.miniatures;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.testing.FailedRequirements;
import org.web4.rtt.Deviation;

class TmpIutSendsDeviationProbeTest {
  @Test
  void probe() throws Exception {
    List<String> out = new ArrayList<>();
    String only = System.getProperty("probe.only", "");
    for (Deviation d : Deviation.values()) {
      if (!only.isEmpty() && !only.contains(d.name())) {
        continue;
      }
      if (d.name().startsWith("CIP_")
          || d.name().startsWith("HCP_")
          || d.name().startsWith("LIP_")
          || d.name().startsWith("MESH_")
          || d.name().startsWith("EVT_")) {
        continue;
      }
      List<CaseResult> r = DeviantReference.run(Set.of(d), "@rtt-send", 23);
      String line = d + " -> " + FailedRequirements.of(r);
      System.out.println("PROBE " + line);
      out.add(line);
    }
    System.out.println("PROBE DONE " + out);
  }
}
