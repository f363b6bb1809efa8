package org.framewire.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.framewire.netty.NettyTcpServer;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two compressing streams on two cores, end to end through the transport (the encoder alone is
 * {@link ParallelStreamsBenchmark}): two client connections over loopback, each on its own JMH
 * thread with {@value RpcVsGrpcBenchmark#IN_FLIGHT} corpus requests in flight ({@link
 * RpcStacks.Window}), to the Netty host ({@link NettyTcpServer}) with {@code zstd-8mb}, whose
 * server sessions encode on their connection's event loop. With {@code loops=1} both connections'
 * streams share one event loop, so the server compresses on one core; with {@code loops=2} each
 * connection has its own, so the two streams compress on two. Everything else is the same: the
 * clients, the handlers (one thread for both connections, so each connection's responses follow one
 * another on one stream and one context), the corpus. Ratio {@code transport_streams_2_vs_1} =
 * requests/s (sum of both threads) with 2 loops / with 1. The NIO host is not measured here: it
 * runs every connection on its one loop thread, so it has no second core to give.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(RpcVsGrpcBenchmark.BATCH)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@Threads(2)
public class TransportStreamsBenchmark {

  /** The server, shared by both benchmark threads. */
  @State(Scope.Benchmark)
  public static class Server {
    /** Event loops of the Netty host: the cores its sessions may compress on. */
    @Param({"1", "2"})
    public int loops;

    ExecutorService handlers;
    NettyTcpServer server;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      handlers = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "corpus-handler");
        t.setDaemon(true);
        return t;
      });
      server = NettyTcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), loops,
          TransportConfig.DEFAULTS, RpcStacks.corpusCommands(), handlers, TransportListener.NONE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      server.close();
      handlers.shutdownNow();
    }
  }

  /** One client connection per benchmark thread, offering zstd-8mb only. */
  @State(Scope.Thread)
  public static class Connection {
    RpcStacks.Client client;
    RpcStacks.Window window;

    @Setup(Level.Trial)
    public void setUp(Server server) throws Exception {
      client = RpcStacks.framewireClient(server.server.localAddress(), true);
      RpcStacks.run(client, 0, RpcVsGrpcBenchmark.WARM_REQUESTS, RpcVsGrpcBenchmark.IN_FLIGHT);
      window = new RpcStacks.Window(client, RpcVsGrpcBenchmark.IN_FLIGHT);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      window.drain();
      client.close();
    }
  }

  @Benchmark
  public int requests(Connection c) throws Exception {
    return c.window.sendNext(RpcVsGrpcBenchmark.BATCH);
  }
}
