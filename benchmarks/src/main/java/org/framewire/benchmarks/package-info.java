/**
 * JMH benchmarks of framewire, each measured side by side with a baseline in the same run:
 * Netty's HTTP/2 frame codec ({@link org.framewire.benchmarks.FrameDecodeBenchmark}, {@link
 * org.framewire.benchmarks.FrameEncodeBenchmark}), zstd-jni's own streaming compression ({@link
 * org.framewire.benchmarks.ZstdStreamBenchmark}), the same work at another scale ({@link
 * org.framewire.benchmarks.ReactorBenchmark}, {@link org.framewire.benchmarks.ParallelStreamsBenchmark}),
 * Mercurial's Python implementation (through {@code mercurial-baseline.py}, run by the report), the
 * NIO host with 10000 connections open against one ({@link org.framewire.benchmarks.ConnectionsBenchmark})
 * and gRPC-java end to end ({@link org.framewire.benchmarks.RpcVsGrpcBenchmark}, {@link
 * org.framewire.benchmarks.WireBytes}); {@link org.framewire.benchmarks.IdleConnectionCost} weighs an
 * idle connection on the NIO and Netty hosts.
 *
 * <p>Nothing here runs during {@code mvn verify}. The benchmarks run from {@code
 * benchmarks/target/benchmarks.jar}, either through {@code framewire bench} (which computes the
 * ratios of docs/benchmarks.md) or directly with JMH's command line: {@code java -jar
 * benchmarks/target/benchmarks.jar -h}.
 */
package org.framewire.benchmarks;
