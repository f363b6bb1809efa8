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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

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
@Threads(2)
public class TransportStreamsBenchmark extends SuiteBenchmark {

  /** The server, shared by both benchmark threads. */
  @State(Scope.Benchmark)
  public static class Server {
    /** Event loops of the Netty host: the cores its sessions may compress on. */
    @Param({"1", "2"})
    public int loops;

    ExecutorService handlers;
    NettyTcpServer server;
    /** Connections set up and not yet torn down; guarded by this. */
    private int connections;

    synchronized void opened() {
      connections++;
    }

    synchronized void closed() {
      connections--;
      notifyAll();
    }

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

    /**
     * JMH tears this shared state down in the first thread done with its own {@link Connection},
     * while the other thread may still be draining its window: the server waits for every
     * connection to be torn down first, or it would cut off the other's last responses.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      try {
        synchronized (this) {
          long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RpcStacks.Window.TIMEOUT_MILLIS * 2);
          for (long left; connections > 0 && (left = end - System.nanoTime()) > 0; ) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          }
          if (connections > 0) {
            throw new IllegalStateException(connections + " connection(s) still open at the server's teardown");
          }
        }
      } finally {
        server.close();
        handlers.shutdownNow();
      }
    }
  }

  /** One client connection per benchmark thread, offering zstd-8mb only. */
  @State(Scope.Thread)
  public static class Connection {
    private static final java.util.concurrent.atomic.AtomicInteger CONNECTIONS = new java.util.concurrent.atomic.AtomicInteger();
    RpcStacks.Client client;
    RpcStacks.Window window;
    Server server;

    @Setup(Level.Trial)
    public void setUp(Server server) throws Exception {
      this.server = server;
      client = RpcStacks.framewireClient(server.server.localAddress(), true);
      RpcStacks.run(client, 0, RpcVsGrpcBenchmark.WARM_REQUESTS, RpcVsGrpcBenchmark.IN_FLIGHT);
      window = new RpcStacks.Window(client, RpcVsGrpcBenchmark.IN_FLIGHT,
          "connection " + CONNECTIONS.incrementAndGet() + " (" + Thread.currentThread().getName() + ", loops="
              + server.loops + ")", RpcStacks.Window.TIMEOUT_MILLIS);
      server.opened(); // the server's teardown waits for this connection's
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      try {
        window.drain();
      } finally {
        client.close();
        server.closed();
      }
    }
  }

  @Benchmark
  public int requests(Connection c) throws Exception {
    return c.window.sendNext(RpcVsGrpcBenchmark.BATCH);
  }
}
