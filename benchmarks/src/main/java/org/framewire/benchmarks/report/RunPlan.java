package org.framewire.benchmarks.report;

/**
 * How long a bench run measures. The benchmarks run in {@code rounds}: each round runs every
 * benchmark once, in one fresh JVM fork each, so a benchmark and its baseline are measured minutes
 * apart at most; every ratio is computed per round and the report gives the median over rounds.
 * That pairing, not long single runs, is what makes ratios usable on a noisy shared machine.
 *
 * @param name {@code quick} or {@code full}
 * @param rounds rounds of the whole JMH suite
 * @param warmupIterations JMH warm-up iterations per fork
 * @param warmupSeconds seconds per warm-up iteration
 * @param iterations JMH measurement iterations per fork
 * @param iterationSeconds seconds per measurement iteration
 * @param pythonSeconds seconds per timed run of Mercurial's baseline
 * @param pythonRepeats timed runs of Mercurial's baseline per workload (the median is used)
 * @param reactorActive the {@code active} values {@code ReactorBenchmark} runs with: the ratio's
 *     two ends, and in the full plan the 4096-request working set between them
 */
public record RunPlan(
    String name,
    int rounds,
    int warmupIterations,
    int warmupSeconds,
    int iterations,
    int iterationSeconds,
    double pythonSeconds,
    int pythonRepeats,
    String... reactorActive) {

  /**
   * 2 rounds, 3 s warm-up (the session cycle's deep call tree needs that long to reach C2 on 2
   * busy cores) and 3 s measured per benchmark and round: 55 forks a round (110 in all) of about 8
   * s each plus their setups (idle connections, the reactor's and the RPC benchmarks' JIT settling),
   * about 20 minutes on 2 idle cores.
   */
  public static final RunPlan QUICK = new RunPlan("quick", 2, 3, 1, 3, 1, 0.5, 5, "1", "32768");

  /**
   * 5 rounds, 5 s warm-up and 5 s measured per benchmark and round, and the reactor's 4096-request
   * working set: 57 forks a round (285 in all) of about 11 s each (the recorded full run of 170 forks took 31
   * minutes) plus their setups, about an hour on 2 idle cores.
   */
  public static final RunPlan FULL = new RunPlan("full", 5, 5, 1, 5, 1, 1.0, 7, "1", "4096", "32768");

  public RunPlan {
    if (rounds < 1 || warmupIterations < 0 || warmupSeconds < 1 || iterations < 1 || iterationSeconds < 1
        || pythonSeconds <= 0 || pythonRepeats < 1 || reactorActive.length == 0) {
      throw new IllegalArgumentException("bad run plan " + this);
    }
  }
}
