package org.framewire.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.framewire.cbor.CborValue;
import org.framewire.netty.NettyTcpServer;
import org.framewire.servlet.FramewireServlet;
import org.framewire.session.ClientConfig;
import org.framewire.session.Response;
import org.framewire.transport.HttpApi;
import org.framewire.transport.HttpApiClient;
import org.framewire.transport.HttpApiServer;
import org.framewire.transport.RawClient;
import org.framewire.transport.TcpServer;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Requests per second over loopback for each server host, same client and workload: one operation
 * is {@link #REQUESTS_PER_OP} {@code echo} calls (one small argument) issued together and awaited.
 * TCP hosts ({@code nio}: {@link TcpServer}, {@code netty}: {@link NettyTcpServer}) are called by one
 * {@link RawClient} connection, pipelined; HTTP hosts ({@code nio_http}: {@link HttpApiServer},
 * {@code servlet}: {@link FramewireServlet} in embedded Tomcat) by one {@link HttpApiClient}, one
 * exchange per call. Handlers run on a cached thread pool in every host. Ratios {@code
 * netty_vs_nio_requests} (netty / nio) and {@code servlet_vs_nio_requests} (servlet / nio_http).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class LoopbackHostsBenchmark extends SuiteBenchmark {
  /** Calls per operation. */
  public static final int REQUESTS_PER_OP = 16;

  private static final CborValue.MapValue ARGS = CborValue.MapValue.of(CborValue.Bytes.of("k"), CborValue.Bytes.of("v"));

  @Param({"nio", "netty", "nio_http", "servlet"})
  public String host;

  private ExecutorService handlers;
  private AutoCloseable server;
  private AutoCloseable clientClose;
  private Function<CborValue.MapValue, CompletableFuture<Response>> call;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    handlers = HandlerPool.start();
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    CommandRegistry commands = CommandRegistry.conformance();
    ClientConfig client = ClientConfig.DEFAULTS.withContentEncodings(List.of());
    switch (host) {
      case "nio" -> {
        TcpServer s = TcpServer.start(any, commands, handlers);
        server = s;
        tcpClient(s.localAddress(), client);
      }
      case "netty" -> {
        NettyTcpServer s = NettyTcpServer.start(any, 1, TransportConfig.DEFAULTS, commands, handlers,
            TransportListener.NONE);
        server = s;
        tcpClient(s.localAddress(), client);
      }
      case "nio_http" -> {
        HttpApiServer s = HttpApiServer.start(any, commands, handlers);
        server = s;
        httpClient(s.baseUri(), client);
      }
      case "servlet" -> {
        Tomcat tomcat = new Tomcat();
        Path dir = Files.createTempDirectory("framewire-bench-tomcat");
        tomcat.setBaseDir(dir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext("", dir.toString());
        Wrapper w = Tomcat.addServlet(ctx, "framewire", new FramewireServlet(commands, handlers));
        w.setAsyncSupported(true);
        ctx.addServletMappingDecoded("/*", "framewire");
        tomcat.start();
        server = () -> {
          tomcat.stop();
          tomcat.destroy();
        };
        httpClient(URI.create("http://127.0.0.1:" + connector.getLocalPort()), client);
      }
      default -> throw new IllegalArgumentException("host " + host);
    }
    requests(); // fails the trial at once if the host does not answer
  }

  private void tcpClient(InetSocketAddress address, ClientConfig config) throws Exception {
    RawClient c = RawClient.connect(address, config);
    clientClose = c;
    call = args -> c.call("echo", args);
  }

  private void httpClient(URI base, ClientConfig config) {
    HttpApiClient c = new HttpApiClient(HttpApiClient.defaultHttpClient(), base, HttpApi.DEFAULT_PREFIX, config);
    clientClose = null;
    call = args -> c.call("echo", args);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (clientClose != null) {
      clientClose.close();
    }
    server.close();
    handlers.shutdownNow();
  }

  /** {@link #REQUESTS_PER_OP} echo calls in flight together; returns the last answer. */
  @Benchmark
  public Object requests() throws Exception {
    return echoes(call);
  }

  /** {@link #REQUESTS_PER_OP} echo calls through {@code call} in flight together, each checked; the last answer. */
  static Object echoes(Function<CborValue.MapValue, CompletableFuture<Response>> call) throws Exception {
    @SuppressWarnings("unchecked")
    CompletableFuture<Response>[] calls = new CompletableFuture[REQUESTS_PER_OP];
    for (int i = 0; i < calls.length; i++) {
      calls[i] = call.apply(ARGS);
    }
    Object last = null;
    for (CompletableFuture<Response> f : calls) {
      Response r = f.get(30, TimeUnit.SECONDS);
      if (!ARGS.equals(r.single())) {
        throw new IllegalStateException("echo answered " + r.single());
      }
      last = r;
    }
    return last;
  }
}
