package org.framewire.benchmarks;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * Runs a workload in setup until the JIT compilers have been idle for a while, so that a fork's
 * warm-up starts from compiled code whatever else the machine is doing. On two busy cores the
 * compiler threads can take longer than the whole JMH warm-up to work through a large call tree
 * (a session with 32768 requests, gRPC's per-call path), and a benchmark measured in that state
 * measures the compiler's backlog, not the code.
 */
final class JitSettle {

  /** A workload step that may fail (a request over a socket). */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  private JitSettle() {}

  /**
   * Runs {@code step} until the total JIT compilation time has not changed for {@code quietMillis}
   * ms, or for at most {@code maxSeconds} s; returns at once when the JVM does not report
   * compilation time.
   */
  static void settle(Step step, int quietMillis, int maxSeconds) throws Exception {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    long compiled = jit.getTotalCompilationTime();
    long quietSince = System.nanoTime();
    while (System.nanoTime() - deadline < 0) {
      step.run();
      long now = System.nanoTime();
      long c = jit.getTotalCompilationTime();
      if (c != compiled) {
        compiled = c;
        quietSince = now;
      } else if (now - quietSince >= TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
        return;
      }
    }
  }
}
