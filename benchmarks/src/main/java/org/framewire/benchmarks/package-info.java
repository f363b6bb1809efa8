/**
 * JMH benchmarks of framewire, each measured side by side with a baseline in the same run:
 * Netty's HTTP/2 frame codec ({@link org.framewire.benchmarks.FrameDecodeBenchmark}, {@link
 * org.framewire.benchmarks.FrameEncodeBenchmark}), zstd-jni's own streaming compression ({@link
 * org.framewire.benchmarks.ZstdStreamBenchmark}), the same work at another scale ({@link
 * org.framewire.benchmarks.ReactorBenchmark}, {@link org.framewire.benchmarks.ParallelStreamsBenchmark}),
 * and Mercurial's Python implementation (through {@code mercurial-baseline.py}, run by the report).
 *
 * <p>Nothing here runs during {@code mvn verify}. The benchmarks run from {@code
 * benchmarks/target/benchmarks.jar}, either through {@code framewire bench} (which computes the
 * ratios of docs/benchmarks.md) or directly with JMH's command line: {@code java -jar
 * benchmarks/target/benchmarks.jar -h}.
 */
package org.framewire.benchmarks;
