package org.framewire.benchmarks;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run shape every benchmark of the suite shares, stated once: 3 forks, each with 5 warm-up and
 * 5 measured iterations of 1 second (docs/benchmarks.md, "Running it"). JMH reads a
 * benchmark's class annotations up its superclasses, its own first, so a benchmark that extends
 * this class states only what its score means (mode, time unit, operations per invocation, state,
 * threads) and, where it needs them, its own {@code @Fork} with extra JVM arguments (still 3
 * forks). {@code framewire bench} overrides forks and iterations for every benchmark alike.
 *
 * <p>It holds no state and no benchmark method, so it adds nothing to what a benchmark measures.
 */
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public abstract class SuiteBenchmark {}
