package org.framewire.benchmarks;

import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Requests per second end to end over loopback, framewire against gRPC-java, each with its own
 * server and one client connection ({@link RpcStacks}): one operation is one request of the
 * {@link Corpus}, sent in windows of {@value #IN_FLIGHT} requests in flight (sent together, then
 * all awaited), cycling through the corpus' 1000 responses. Ratio {@code rpc_rate_vs_grpc} =
 * requests/s of {@code framewire_zstd} / {@code grpc_gzip}; the uncompressed pair ({@code
 * framewire_identity}, {@code grpc_identity}) is reported beside it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(RpcVsGrpcBenchmark.IN_FLIGHT)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class RpcVsGrpcBenchmark {
  /** Requests in flight at once, on both stacks (framewire's default concurrency limit is 16). */
  public static final int IN_FLIGHT = 16;

  @Param({"framewire_zstd", "grpc_gzip", "framewire_identity", "grpc_identity"})
  public String stack;

  private RpcStacks.Host host;
  private RpcStacks.Client client;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    host = RpcStacks.host(stack);
    client = RpcStacks.client(stack, host.address());
    RpcStacks.run(client, 0, Corpus.RESPONSES, IN_FLIGHT); // fails the trial at once if a stack does not answer
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    client.close();
    host.close();
  }

  @Benchmark
  public int requests() throws Exception {
    int first = next;
    next = (next + IN_FLIGHT) % Corpus.RESPONSES;
    RpcStacks.run(client, first, IN_FLIGHT, IN_FLIGHT);
    return first;
  }
}
