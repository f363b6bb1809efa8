package org.framewire.conformance.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import com.sun.net.httpserver.HttpServer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.Role;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.transport.HttpApi;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.target.HttpTarget;
import org.framewire.conformance.cases.Capabilities;
import org.framewire.conformance.target.Targets;
import org.framewire.conformance.target.Transport;
import org.framewire.transport.HttpApiServer;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The NIO host's HTTP transport ({@link HttpApiServer}) passes every server case it can play, through {@link HttpTarget}. */
class HttpServerCasesTest {
  private static ExecutorService handlers;
  private static HttpApiServer server;

  @BeforeAll
  static void start() throws IOException {
    handlers = Executors.newCachedThreadPool();
    server = HttpApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), CommandRegistry.conformance(), handlers);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
    handlers.shutdownNow();
    assertTrue(handlers.awaitTermination(10, TimeUnit.SECONDS));
  }

  @Test
  void httpApiServerPassesEveryApplicableServerCase() throws IOException {
    String url = server.baseUri() + "/api/" + server.prefix();
    assertEquals("", SelfServerCasesTest.failures(Targets.parse(url), "framewire check --target " + url,
        Capabilities.DEFAULTS.withCommands(Capabilities.OPTIONAL_COMMANDS)));
  }

  @Test
  void everyHttpCaseIsPlayedOverHttp() throws IOException {
    CaseLoader.loadBundled().stream().filter(c -> c.role() == Role.SERVER && c.id().startsWith("http/"))
        .forEach(c -> assertNull(Transport.HTTP.notApplicable(c), c.id()));
  }

  /**
   * A host that answers every request 200 with the media type and an empty body fails every
   * HTTP-only case; one that never answers fails by the watchdog instead of hanging the run.
   */
  @Test
  void brokenHostsFailTheHttpCases() throws IOException {
    CountDownLatch never = new CountDownLatch(1);
    HttpServer mutant = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    mutant.setExecutor(handlers);
    mutant.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      if (ex.getRequestURI().getPath().startsWith("/stuck/")) {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      ex.getResponseHeaders().set("Content-Type", HttpApi.MEDIA_TYPE);
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    mutant.start();
    try {
      String base = "http://127.0.0.1:" + mutant.getAddress().getPort();
      CaseRunner always200 = new CaseRunner(Targets.parse(base), Duration.ofSeconds(5), "test");
      CaseRunner stuck = new CaseRunner(Targets.parse(base + "/stuck/api/p"), Duration.ofMillis(300), "test");
      List<ConformanceCase> http = CaseLoader.loadBundled().stream().filter(c -> c.id().startsWith("http/")).toList();
      for (ConformanceCase c : http) {
        assertEquals(Grade.FAIL, always200.runOnce(c).grade(), c.id());
      }
      CaseReport r = stuck.runOnce(http.get(0));
      assertEquals(Grade.FAIL, r.grade());
      assertTrue(r.detail().contains("timed out"), r.detail());
    } finally {
      never.countDown();
      mutant.stop(0);
    }
  }

  @Test
  void targetStringsNameRootAndPrefix() {
    Duration t = Duration.ofSeconds(1);
    assertEquals("http://h:1/api/exp-http-v2-0003", HttpTarget.of(URI.create("http://h:1"), t, t).name());
    assertEquals("http://h:1/api/p", HttpTarget.of(URI.create("http://h:1/p"), t, t).name());
    assertEquals("http://h:1/ctx/api/p", HttpTarget.of(URI.create("http://h:1/ctx/api/p/"), t, t).name());
    assertEquals(Transport.HTTP, Transport.of(Targets.parse("http://h:1/api/p")));
  }
}
