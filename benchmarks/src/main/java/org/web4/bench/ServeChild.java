package org.web4.bench;

import java.util.Arrays;
import java.util.Optional;
import org.web4.cli.ServeCommand;
import picocli.CommandLine;

/**
 * The listener of the 1,000-connection figure, in a process of its own so that its memory and
 * threads can be read from {@code /proc/PID/status} apart from the dialling side: exactly what
 * {@code web4 serve} runs (its {@link ServeCommand}, with the same options and the same shutdown
 * hook), plus a bound on its life. It stops on SIGTERM (the driver's {@link
 * ListenerProcess#close}), when the process that started it has ended (checked each second), or
 * after a lifetime given in seconds, whichever comes first, so it can never outlive a run.
 *
 * <p>It waits on its main thread, which {@code web4 serve} has too: a thread of its own to watch
 * the input (as before, ADR 1436) was one more thread in the listener's count than {@code web4
 * serve} has.
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
    Optional<ProcessHandle> driver = ProcessHandle.current().parent();
    ServeCommand.Running running = serve.start(System.out, System.err);
    // the same hook as ServeCommand.call(): SIGTERM and System.exit both close the agent
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "web4-serve-shutdown"));
    long end = System.nanoTime() + lifetimeSeconds * 1_000_000_000L;
    while (System.nanoTime() - end < 0 && driver.map(ProcessHandle::isAlive).orElse(true)) {
      Thread.sleep(1000);
    }
    System.exit(0); // the agent's non-daemon threads must not keep the process alive
  }
}
