package org.framewire.benchmarks;

import java.util.concurrent.TimeUnit;
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

/**
 * Requests per second end to end over loopback, framewire against gRPC-java, each with its own
 * server and one client connection ({@link RpcStacks}): one operation is one request of the
 * {@link Corpus}, cycling through its 1000 responses, with {@value #IN_FLIGHT} requests in flight
 * at all times on both stacks (a sliding {@link RpcStacks.Window}: a request is sent as soon as the
 * oldest outstanding one is answered, as gRPC-java's {@code AsyncClient} keeps its outstanding
 * RPCs per channel). Ratio {@code rpc_rate_vs_grpc} = requests/s of {@code framewire_zstd} /
 * {@code grpc_gzip}; the uncompressed pair ({@code framewire_identity}, {@code grpc_identity}) is
 * reported beside it.
 *
 * <p><b>Compiled code on both sides.</b> Setup answers the corpus once, then {@value
 * #WARM_REQUESTS} requests, then keeps requests flowing until the JIT compilers have been idle for {@value #QUIET_MILLIS} ms (at most {@value
 * #SETTLE_SECONDS} s), whatever the stack. gRPC's per-call path (channel, call, HTTP/2 stream,
 * framer, deframer, on both ends) is far larger than framewire's, and on two shared cores its
 * compilation took far longer than the JMH warm-up: at a load average of 13 to 18, a plain
 * grpc-java unary echo (16 outstanding calls per channel, the next call issued from the
 * completion, as in gRPC-java's own {@code AsyncClient}) measured 8, 84, 111, 176, 496, 624
 * requests/s in successive 2-second rounds, with 43 ms, 4.4 ms, 2.8 ms, 1.6 ms, 0.7 ms and 0.5 ms
 * of process CPU per request, and 1100 to 1650 requests/s (0.26 ms) after 30 s; a profile of
 * those late rounds shows no hot spot, only gRPC's wide call path. That warm-up, not the protocol,
 * was the 115–164 requests/s of the first quick run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(RpcVsGrpcBenchmark.BATCH)
@State(Scope.Benchmark)
public class RpcVsGrpcBenchmark extends SuiteBenchmark {
  /** Requests in flight at once, on both stacks (framewire's default concurrency limit is 16). */
  public static final int IN_FLIGHT = 16;

  /** Requests sent per benchmark invocation (the window stays full across invocations). */
  static final int BATCH = 64;

  /** Requests every fork answers in setup before it watches the compilers. */
  static final int WARM_REQUESTS = 20_000;

  /** How long the JIT compilers must have been idle before setup ends. */
  static final int QUIET_MILLIS = 2000;

  /** The longest setup keeps requests flowing while waiting for them. */
  static final int SETTLE_SECONDS = 60;

  @Param({"framewire_zstd", "grpc_gzip", "framewire_identity", "grpc_identity"})
  public String stack;

  private RpcStacks.Host host;
  private RpcStacks.Client client;
  private RpcStacks.Window window;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    host = RpcStacks.host(stack);
    client = RpcStacks.client(stack, host.address());
    RpcStacks.run(client, 0, Corpus.RESPONSES, IN_FLIGHT); // fails the trial at once if a stack does not answer
    RpcStacks.run(client, 0, WARM_REQUESTS, IN_FLIGHT);
    window = new RpcStacks.Window(client, IN_FLIGHT);
    JitQuiet.settle(this::requests, QUIET_MILLIS, SETTLE_SECONDS);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    window.drain();
    client.close();
    host.close();
  }

  @Benchmark
  public int requests() throws Exception {
    return window.sendNext(BATCH);
  }
}
