package org.framewire.benchmarks;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * Setup's last step for benchmarks whose forks build different amounts of state first (issue 20's
 * JIT backlog): runs the measured work until the JIT compilers have been idle for {@value
 * #QUIET_MILLIS} ms, at most {@value #SETTLE_SECONDS} s, so every fork's warm-up starts from
 * compiled code rather than from a compiler queue still full of the setup's methods.
 */
final class JitQuiet {

  /** How long the JIT compilers must have been idle before setup ends. */
  static final int QUIET_MILLIS = 500;

  /** The longest setup waits for them. */
  static final int SETTLE_SECONDS = 10;

  private JitQuiet() {}

  /** Runs {@code batch} until the compilers are quiet (or the wait is over). */
  static void settle(Runnable batch) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
    long compiled = jit.getTotalCompilationTime();
    long quietSince = System.nanoTime();
    while (System.nanoTime() - deadline < 0) {
      batch.run();
      long now = System.nanoTime();
      long c = jit.getTotalCompilationTime();
      if (c != compiled) {
        compiled = c;
        quietSince = now;
      } else if (now - quietSince >= TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
        return;
      }
    }
  }
}
