package org.web4.lip;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Fetches the sources of one LIP_FETCH over HTTP (spec/lip.md §4.4) with the limits of Table 4.4a,
 * measured in real monotonic time ({@link System#nanoTime()}): connect 1 s, a source 3 s from its
 * first connection attempt (redirects included), the fetch 4 s from the LIP_FETCH's arrival, at
 * most 3 redirects, bodies read up to 262,144 bytes. Redirects are followed here, not by the client
 * ({@code Redirect.NEVER}), so that each target's tier is judged before it is requested. Sources
 * are fetched concurrently; every outcome is a document or exactly one reason of Table 4.4b.
 */
public final class Fetcher {
  public static final Duration CONNECT = Duration.ofSeconds(1);
  public static final Duration SOURCE = Duration.ofSeconds(3);
  public static final Duration FETCH = Duration.ofSeconds(4);
  public static final int MAX_REDIRECTS = 3;

  /** How long past the fetch deadline the runtime waits for a source task to notice it. */
  static final Duration GRACE = Duration.ofMillis(150);

  static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);

  /**
   * The real-time limits a fetcher applies: Table 4.4a's ({@link #SPEC}) in every agent; a test of
   * something else (how outcomes map to reasons) may lengthen them, so that a loaded machine cannot
   * turn its documents into timeouts.
   */
  public record Limits(Duration connect, Duration source, Duration fetch) {
    /** spec/lip.md Table 4.4a: connect 1 s, a source 3 s, the fetch 4 s. */
    public static final Limits SPEC = new Limits(CONNECT, SOURCE, FETCH);
  }

  /** The tier of a URI under the agent's current rules. */
  @FunctionalInterface
  public interface Tiers {
    Tier tierOf(LipUri uri);
  }

  /**
   * How one source ended.
   *
   * @param finalUri the URI that served the document (after redirects)
   * @param payload the LIP_EVIDENCE payload members of the document (Table 4.3)
   * @param tier the final URI's tier when the body was complete
   * @param retrievedAt the agent's clock when the body was complete
   * @param status the final HTTP status, when one arrived
   */
  public record Outcome(
      LipUri listed,
      @Nullable LipUri finalUri,
      @Nullable ObjectNode payload,
      @Nullable FailureReason failure,
      @Nullable Integer status,
      int bytes,
      int redirects,
      @Nullable Tier tier,
      @Nullable Instant retrievedAt) {
    static Outcome failed(
        LipUri listed, FailureReason reason, @Nullable Integer status, int redirects) {
      return new Outcome(listed, null, null, reason, status, 0, redirects, null, null);
    }

    public boolean gaveDocument() {
      return payload != null;
    }
  }

  private final Clock agentClock;
  private final ExecutorService pool;
  private final Limits limits;

  /**
   * @param agentClock the agent's clock, for {@code retrieved_at} only (limits are real time)
   * @param pool runs one task per source and the HTTP client's work
   */
  public Fetcher(Clock agentClock, ExecutorService pool) {
    this(agentClock, pool, Limits.SPEC);
  }

  /**
   * @param limits the real-time limits ({@link Limits#SPEC} for an agent)
   */
  public Fetcher(Clock agentClock, ExecutorService pool, Limits limits) {
    this.agentClock = agentClock;
    this.pool = pool;
    this.limits = limits;
    warmUp();
  }

  /**
   * Pays the HTTP client's one-time costs now, when the agent starts, not inside the first fetch's
   * real-time limits: loading {@code java.net.http} and initializing the default {@link SSLContext}
   * (which reads the trust store) took seconds on a loaded machine in a fresh JVM, and turned the
   * first source of a just-started agent into a timeout (TargetsAgreeTest, process target, at load
   * 20).
   */
  private static void warmUp() {
    try {
      SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      // no TLS here: an https source will fail with its reason when it is fetched
    }
    HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).GET().build();
    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  /**
   * Fetches every source (already normalized and distinct) and answers their outcomes in the same
   * order, at the latest the fetch limit ({@link #FETCH}) plus a short grace after {@code
   * arrivalNanos}.
   */
  public List<Outcome> fetch(List<LipUri> sources, Tiers tiers, long arrivalNanos) {
    long fetchDeadline = arrivalNanos + limits.fetch().toNanos();
    // one client per fetch: no connection of an earlier fetch is reused (no cache, no retries)
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(limits.connect())
            .executor(pool)
            .build();
    List<Future<Outcome>> tasks = new ArrayList<>();
    for (LipUri source : sources) {
      tasks.add(pool.submit(() -> fetchOne(client, source, tiers, fetchDeadline)));
    }
    List<Outcome> out = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      Future<Outcome> task = tasks.get(i);
      long wait = Math.max(0, fetchDeadline - System.nanoTime()) + GRACE.toNanos();
      try {
        out.add(awaitManaged(task, wait));
      } catch (TimeoutException | ExecutionException e) {
        task.cancel(true);
        out.add(Outcome.failed(sources.get(i), FailureReason.DEADLINE, null, 0));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        task.cancel(true);
        out.add(Outcome.failed(sources.get(i), FailureReason.DEADLINE, null, 0));
      }
    }
    return out;
  }

  /**
   * {@code task.get(nanos)}, telling a {@link ForkJoinPool} that runs the caller that it waits: the
   * RTT session threads are one (docs/adr/1433), and a fetch waits there for up to its deadline, so
   * that its replies precede the answers to what its connection sends later [LIP-RPL-003]; the pool
   * lends another thread meanwhile, so waiting fetches never leave other connections without one.
   */
  private static <T> T awaitManaged(Future<T> task, long nanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + nanos;
    ForkJoinPool.managedBlock(
        new ForkJoinPool.ManagedBlocker() {
          @Override
          public boolean block() throws InterruptedException {
            long left = deadline - System.nanoTime();
            if (left > 0) {
              try {
                task.get(left, TimeUnit.NANOSECONDS);
              } catch (ExecutionException | TimeoutException e) {
                // decided below, as the plain get would have
              }
            }
            return true;
          }

          @Override
          public boolean isReleasable() {
            return task.isDone() || deadline - System.nanoTime() <= 0;
          }
        });
    return task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private Outcome fetchOne(HttpClient client, LipUri listed, Tiers tiers, long fetchDeadline) {
    if (tiers.tierOf(listed) == Tier.BLOCKED) {
      return Outcome.failed(listed, FailureReason.BLOCKED, null, 0); // [LIP-FET-002]
    }
    long sourceDeadline = System.nanoTime() + limits.source().toNanos();
    long deadline = Math.min(sourceDeadline, fetchDeadline);
    boolean fetchBinds = fetchDeadline < sourceDeadline;
    LipUri uri = listed;
    int redirects = 0;
    while (true) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return Outcome.failed(
            listed, fetchBinds ? FailureReason.DEADLINE : FailureReason.TIMEOUT, null, redirects);
      }
      Exchange exchange = new Exchange();
      HttpResponse<byte[]> response;
      try {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(uri.toString()))
                .GET()
                .header("Accept", EvidenceDocument.MEDIA_TYPE) // [LIP-FET-001]
                .timeout(Duration.ofNanos(remaining))
                .build();
        CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(request, exchange);
        try {
          response = f.get(remaining, TimeUnit.NANOSECONDS);
        } finally {
          if (!f.isDone()) {
            f.cancel(true);
          }
        }
      } catch (TimeoutException e) {
        exchange.cancel();
        return Outcome.failed(listed, late(fetchBinds, exchange), null, redirects);
      } catch (ExecutionException e) {
        exchange.cancel();
        return Outcome.failed(listed, failureOf(e, fetchBinds, exchange), null, redirects);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.cancel();
        return Outcome.failed(listed, FailureReason.DEADLINE, null, redirects);
      } catch (IllegalArgumentException e) {
        return Outcome.failed(listed, FailureReason.CONNECT, null, redirects); // unusable port
      }
      int status = response.statusCode();
      if (REDIRECT_STATUSES.contains(status)) {
        Optional<String> location = response.headers().firstValue("Location");
        Optional<LipUri> target = location.flatMap(uri::resolve);
        if (target.isEmpty()) {
          return Outcome.failed(listed, FailureReason.BAD_REDIRECT, status, redirects);
        }
        redirects++;
        if (redirects > MAX_REDIRECTS) {
          return Outcome.failed(listed, FailureReason.TOO_MANY_REDIRECTS, status, redirects - 1);
        }
        if (tiers.tierOf(target.get()) == Tier.BLOCKED) {
          return Outcome.failed(listed, FailureReason.REDIRECT_BLOCKED, status, redirects);
        }
        uri = target.get();
        continue;
      }
      byte[] body = response.body();
      EvidenceDocument.Verdict v = EvidenceDocument.judge(status, response.headers().map(), body);
      ObjectNode payload = v.payload();
      FailureReason failure = v.failure();
      if (payload == null || failure != null) {
        return Outcome.failed(
            listed, failure == null ? FailureReason.MALFORMED : failure, status, redirects);
      }
      return new Outcome(
          listed,
          uri,
          payload,
          null,
          status,
          body.length,
          redirects,
          tiers.tierOf(uri),
          agentClock.instant());
    }
  }

  private static FailureReason late(boolean fetchBinds, Exchange exchange) {
    if (fetchBinds) {
      return FailureReason.DEADLINE;
    }
    return exchange.headersArrived ? FailureReason.SLOW_BODY : FailureReason.TIMEOUT;
  }

  private static FailureReason failureOf(ExecutionException e, boolean fetchBinds, Exchange ex) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof TooLarge) {
        return FailureReason.TOO_LARGE;
      }
      if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException) {
        return FailureReason.CONNECT;
      }
      if (t instanceof HttpTimeoutException) {
        return late(fetchBinds, ex);
      }
    }
    return FailureReason.TRANSPORT;
  }

  /** The body was longer than the limit: reading stopped. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("body longer than " + EvidenceDocument.MAX_BYTES + " bytes");
    }
  }

  /**
   * One request's body handling: the body of a 200 response with the evidence media type is read up
   * to the limit; any other body is not read at all.
   */
  private static final class Exchange implements HttpResponse.BodyHandler<byte[]> {
    volatile boolean headersArrived;
    private volatile Flow.@Nullable Subscription subscription;

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
      headersArrived = true;
      boolean read =
          info.statusCode() == 200 && EvidenceDocument.acceptableHeaders(info.headers().map());
      return new Collector(read);
    }

    void cancel() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }

    private final class Collector implements HttpResponse.BodySubscriber<byte[]> {
      private final boolean read;
      private final CompletableFuture<byte[]> body = new CompletableFuture<>();
      private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

      Collector(boolean read) {
        this.read = read;
      }

      @Override
      public CompletionStage<byte[]> getBody() {
        return body;
      }

      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (read) {
          s.request(Long.MAX_VALUE);
        } else {
          s.cancel(); // redirects, errors, other media types: the body is not needed
          body.complete(new byte[0]);
        }
      }

      @Override
      public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
          if (bytes.size() + b.remaining() > EvidenceDocument.MAX_BYTES) {
            cancel(); // [LIP-FET-007] stop reading at the limit
            body.completeExceptionally(new TooLarge());
            return;
          }
          byte[] chunk = new byte[b.remaining()];
          b.get(chunk);
          bytes.write(chunk, 0, chunk.length);
        }
      }

      @Override
      public void onError(Throwable t) {
        body.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        body.complete(bytes.toByteArray());
      }
    }
  }
}
