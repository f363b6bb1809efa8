package org.framewire.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.framewire.cbor.CborValue;
import org.framewire.session.ClientConfig;
import org.framewire.session.Response;
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
 * Nanoseconds per request round trip on one active connection to the NIO host ({@link TcpServer},
 * through its public API) while {@code connections - 1} other connections are open and idle:
 * curl's measure of an event loop, a cost per socket event that must not grow with the sockets it
 * watches. One operation is one {@code echo} call from a {@link RawClient}, sent and awaited. The
 * idle connections belong to a child JVM ({@link IdleClients}); each spoke once (settings and one
 * request) and then stays silent. The server allows 20000 connections. Ratio {@code
 * connections_10k_vs_1} = ns at 10000 / ns at 1.
 *
 * <p>File descriptors: the server's process holds one per connection (10002 with the client's own),
 * the child one per idle connection, so each needs a limit above 10000 ({@code ulimit -n}); the
 * child keeps the two apart on machines whose hard limit is 20000.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ConnectionsBenchmark extends SuiteBenchmark {

  private static final CborValue.MapValue ARGS = CborValue.MapValue.of(CborValue.bytes("k"), CborValue.bytes("v"));

  /** Open connections, the active one included. */
  @Param({"1", "10000"})
  public int connections;

  private ExecutorService handlers;
  private TcpServer server;
  private AutoCloseable idle;
  private RawClient client;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    handlers = HandlerPool.start();
    server = TcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        TransportConfig.DEFAULTS.withConnectionLimits(20_000, 64), CommandRegistry.conformance(), handlers,
        TransportListener.NONE);
    if (connections > 1) {
      idle = IdleClients.start(server.localAddress(), connections - 1);
      awaitConnections(connections - 1);
    }
    client = RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS.withContentEncodings(List.of()));
    roundTrip();
    awaitConnections(connections);
  }

  /** Waits until the server holds {@code n} connections (accepted and served), at most 120 s. */
  private void awaitConnections(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    int open;
    while ((open = server.connections().size()) < n) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("server holds " + open + " connections, not " + n
            + " (refused " + server.refusedConnections() + ", evicted " + server.evictedConnections() + ")");
      }
      Thread.sleep(50);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    client.close();
    if (idle != null) {
      idle.close();
    }
    server.close();
    handlers.shutdownNow();
  }

  @Benchmark
  public Response roundTrip() throws Exception {
    Response r = client.call("echo", ARGS).get(30, TimeUnit.SECONDS);
    if (!ARGS.equals(r.single())) {
      throw new IllegalStateException("echo answered " + r.single());
    }
    return r;
  }
}
