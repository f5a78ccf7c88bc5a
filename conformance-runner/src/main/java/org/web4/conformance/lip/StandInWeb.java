package org.web4.conformance.lip;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.web4.conformance.worker.Worker;
import org.web4.conformance.worker.WorkerLocal;

/**
 * The LIP scenarios' stand-in internet (spec/lip.md §4.4, ADR 0801): one WireMock server on
 * 127.0.0.1 at a dynamic port for the whole run, reset (stubs and journal) at the start of every
 * LIP scenario. Its request journal is what the implementation under test actually fetched. A
 * worker's scenarios run one at a time, and each {@link Worker} of a run with {@code --jobs} has a
 * server of its own (docs/adr/1103), so the journal is the scenario's own.
 */
public final class StandInWeb {
  private static final WorkerLocal<WireMockServer> SERVER =
      new WorkerLocal<>(StandInWeb::start, WireMockServer::stop);

  private StandInWeb() {}

  /** The running server of the calling thread's worker, started on first use. */
  public static WireMockServer server() {
    return SERVER.get();
  }

  private static WireMockServer start() {
    WireMockServer s =
        new WireMockServer(
            options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(40)
                .gzipDisabled(true)
                .notifier(new ConsoleNotifier(false)));
    s.start();
    if (Worker.current().isProcess()) {
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "stand-in-web-stop"));
    }
    return s;
  }

  /** Forgets every stub and every logged request (before each LIP scenario). */
  public static void reset() {
    WireMockServer s = server();
    s.resetAll();
    // anything not stubbed is a plain 404, so that a stray request is visible in the journal
    s.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withStatus(404)));
  }

  /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
  public static String uri(String path) {
    return "http://127.0.0.1:" + server().port() + path;
  }

  public static int port() {
    return server().port();
  }

  /** Serves {@code response} for GET {@code path} (path and query exactly). */
  public static void serve(String path, ResponseDefinitionBuilder response) {
    server()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo(path))
                .willReturn(response));
  }

  /** Ends the connection of a request for {@code path} with a fault. */
  public static void fault(String path, Fault fault) {
    serve(path, aResponse().withFault(fault));
  }

  /** The requests the implementation made for {@code path} (path only, any query). */
  public static List<LoggedRequest> requestsFor(String path) {
    return server().findAll(anyRequestedFor(urlPathEqualTo(path)));
  }

  /** Every request the implementation made since the reset. */
  public static List<LoggedRequest> allRequests() {
    return server().findAll(anyRequestedFor(anyUrl()));
  }

  /** A port on 127.0.0.1 where nothing listens: bound, then closed. */
  public static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
      return s.getLocalPort();
    }
  }
}
