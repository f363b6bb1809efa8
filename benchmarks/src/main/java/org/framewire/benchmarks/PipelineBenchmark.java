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
 * Issue 14's seed case end to end over loopback: one operation is {@value
 * RpcStacks#PIPELINE_DEPTH} requests of the {@link Corpus} (~1 KB responses) pipelined on one
 * connection — all sent, then all awaited — to framewire's NIO host with {@code zstd-8mb}, either
 * with one compression context spanning the requests ({@code pipeline_spanning}, the protocol's
 * design) or with a fresh context per response ({@code pipeline_per_request}, gRPC's model, {@link
 * ContextPerResponse}); same client, server, transport and decoder otherwise. Ratio {@code
 * pipeline_spanning_vs_per_request_rate} = requests/s spanning / per request; the bytes on the
 * wire of the same 1000 requests are counted by {@link WireBytes} ({@code
 * pipeline_spanning_vs_per_request_bytes}). Setup settles the JIT as {@link RpcVsGrpcBenchmark}
 * does.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(RpcStacks.PIPELINE_DEPTH)
@State(Scope.Benchmark)
public class PipelineBenchmark extends SuiteBenchmark {

  @Param({"pipeline_spanning", "pipeline_per_request"})
  public String stack;

  private RpcStacks.Host host;
  private RpcStacks.Client client;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    host = RpcStacks.host(stack);
    client = RpcStacks.client(stack, host.address());
    for (int i = 0; i < RpcVsGrpcBenchmark.WARM_REQUESTS / RpcStacks.PIPELINE_DEPTH; i++) {
      requests();
    }
    JitQuiet.settle(this::requests, RpcVsGrpcBenchmark.QUIET_MILLIS, RpcVsGrpcBenchmark.SETTLE_SECONDS);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    client.close();
    host.close();
  }

  @Benchmark
  public void requests() throws Exception {
    RpcStacks.run(client, 0, RpcStacks.PIPELINE_DEPTH, RpcStacks.PIPELINE_DEPTH);
  }
}
