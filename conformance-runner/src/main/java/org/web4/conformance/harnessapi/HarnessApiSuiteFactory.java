package org.web4.conformance.harnessapi;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.web4.conformance.harness.Capability;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.Needs;
import org.web4.conformance.run.Suite;
import org.web4.conformance.run.SuiteEnvironment;
import org.web4.conformance.run.SuiteFactory;

/**
 * Checks of the harness API itself (spec/harness.md), so that an implementation's harness — the
 * instrument every {@code full} check relies on — is held to its contract: authentication, paths,
 * methods, media types, sizes, refusals and the semantics of each operation. The checks are in
 * three groups: the HTTP contract ({@link HarnessContractChecks}), the operations' semantics
 * ({@link HarnessOperationChecks}) and the limits under load and hostile clients ({@link
 * HarnessLimitChecks}).
 */
public final class HarnessApiSuiteFactory implements SuiteFactory {

  @Override
  public List<Suite> suites(SuiteEnvironment environment) {
    List<Check> all = new ArrayList<>(checks());
    all.add(stalledRequest(environment.slow()));
    return List.of(new HarnessSuite(all));
  }

  /**
   * [HAR-LIM-002] "stop waiting for a request whose headers and body have not completely arrived
   * within 60 seconds ... and close that connection": a request that never finishes must be cut off
   * within 60 s (plus 5 s of grace for scheduling), and the harness must go on answering. Up to a
   * minute, so only with {@code --slow}.
   */
  static Check stalledRequest(boolean slow) {
    ApiCheck check =
        new ApiCheck(
            "stalled-request",
            "a request that never completes is cut off within 60 s",
            List.of("HAR-LIM-002", "HAR-ERR-005"),
            Needs.harness(Capability.CANONICALIZE),
            h -> {
              String head =
                  "POST "
                      + h.base().getPath()
                      + "canonicalize HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                      + h.token()
                      + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"in";
              long start = System.nanoTime();
              try (Socket s = new Socket(h.base().getHost(), h.base().getPort())) {
                s.setSoTimeout(65_000);
                s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                try {
                  while (s.getInputStream().read() >= 0) {
                    // drain whatever the harness answers before it closes
                  }
                } catch (java.net.SocketTimeoutException e) {
                  throw new AssertionError("the stalled request was still open after 65 s");
                } catch (java.io.IOException e) {
                  // a reset counts as closed
                }
              }
              long seconds = (System.nanoTime() - start) / 1_000_000_000L;
              if (seconds > 65) {
                throw new AssertionError(
                    "the stalled request was closed only after " + seconds + " s");
              }
              Expect.reply(h.call("GET", "info", null), 200, "info.response.schema.json");
            });
    return slow ? check : new SkippedCheck(check, "takes up to 60 s; run with --slow");
  }

  private record HarnessSuite(List<Check> checks) implements Suite {
    @Override
    public String name() {
      return "harness";
    }

    @Override
    public Profile profile() {
      return Profile.FULL;
    }
  }

  /** Every check of a default run, in the order they run (the stalled request aside). */
  static List<Check> checks() {
    List<Check> c = new ArrayList<>(HarnessContractChecks.checks());
    c.addAll(HarnessOperationChecks.checks());
    c.addAll(HarnessLimitChecks.checks());
    return c;
  }
}
