package org.framewire.benchmarks;

import java.util.concurrent.TimeUnit;
import org.framewire.streams.encoding.ZstdProfile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Whether streams compress in parallel (SPEC.md §3, streams share no mutable state): the {@link
 * Corpus} responses through a zstd-8mb stream, on one thread with one stream, and on two threads
 * with a stream each. The two-thread score is the sum over both threads. Ratio {@code
 * parallel_streams_2_vs_1} = two-thread throughput / one-thread throughput; 2.0 is perfect scaling
 * on two idle cores.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(Corpus.RESPONSES)
public class ParallelStreamsBenchmark extends SuiteBenchmark {

  /** One stream per benchmark thread. */
  @State(Scope.Thread)
  public static class Stream {
    ResponseWorkload workload;

    @Setup(Level.Trial)
    public void setUp() {
      workload = new ResponseWorkload(ZstdProfile.DEFAULT);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      workload.close();
    }
  }

  @Benchmark
  @Threads(1)
  public long oneStream(Stream s) {
    return run(s);
  }

  @Benchmark
  @Threads(2)
  public long twoStreams(Stream s) {
    return run(s);
  }

  private static long run(Stream s) {
    for (int i = 0; i < Corpus.RESPONSES; i++) {
      s.workload.respond();
    }
    return s.workload.payloadBytes();
  }
}
