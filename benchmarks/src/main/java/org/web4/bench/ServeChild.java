package org.web4.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.web4.cli.ServeCommand;
import picocli.CommandLine;

/**
 * The listener of the 1,000-connection figure, in a process of its own so that its memory and
 * threads can be read from {@code /proc/PID/status} apart from the dialling side: exactly what
 * {@code web4 serve} runs (its {@link ServeCommand}, with the same options), plus a bound on its
 * life. It stops when its standard input ends (the driver closed it, or the driver died) or after a
 * lifetime given in seconds, whichever comes first, so it can never outlive a run.
 *
 * <pre>
 *   java -cp benchmarks.jar org.web4.bench.ServeChild LIFETIME_SECONDS [web4 serve options]
 * </pre>
 */
public final class ServeChild {
  private ServeChild() {}

  public static void main(String[] args) throws Exception {
    long lifetimeSeconds = Long.parseLong(args[0]);
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(Arrays.copyOfRange(args, 1, args.length));
    CountDownLatch inputEnded = new CountDownLatch(1);
    Thread watch =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // nothing is sent: only the end of the input matters
                }
              } catch (IOException e) {
                // a broken pipe is an end too
              }
              inputEnded.countDown();
            },
            "stdin-watch");
    watch.setDaemon(true);
    ServeCommand.Running running = serve.start(System.out, System.err);
    try {
      watch.start();
      inputEnded.await(lifetimeSeconds, TimeUnit.SECONDS);
    } finally {
      running.close();
    }
    System.exit(0); // the agent's non-daemon threads must not keep the process alive
  }
}
