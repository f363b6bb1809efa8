package org.framewire.conformance.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.framewire.conformance.CaseReport;

/**
 * Runs cases {@code jobs} at a time, for targets where every case has a connection or a process of
 * its own (docs/conformance/README.md, {@code --jobs}). The reports come back, and go to the
 * progress listener, in the order of the cases whatever {@code jobs} is, so a report does not depend
 * on it; a case that must run alone ({@link CaseRunner#runsAlone}) waits for the cases before it and
 * runs with nothing beside it.
 */
public final class CaseScheduler {

  private CaseScheduler() {}

  /** The default {@code --jobs}: the machine's cores. */
  public static int defaultJobs() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * Runs {@code cases} and returns their reports in order.
   *
   * @param jobs how many cases may run at once (1: one after another)
   * @param alone which cases run with no other case at the same time
   * @param runner runs one case (with its own re-run, if any); called from several threads at once
   * @param finished sees each report, in the order of {@code cases}, from the calling thread
   */
  public static <C> List<CaseReport> run(List<C> cases, int jobs, Predicate<C> alone, Function<C, CaseReport> runner,
      Consumer<CaseReport> finished) {
    if (jobs < 1) {
      throw new IllegalArgumentException("--jobs must be at least 1, not " + jobs);
    }
    List<CaseReport> reports = new ArrayList<>(cases.size());
    ExecutorService pool = jobs == 1 ? null : Executors.newFixedThreadPool(jobs, r -> {
      Thread t = new Thread(r, "conformance-job");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<CaseReport>> batch = new ArrayList<>();
      for (C c : cases) {
        if (pool != null && !alone.test(c)) {
          batch.add(pool.submit(() -> runner.apply(c)));
          continue;
        }
        collect(batch, reports, finished);
        CaseReport r = runner.apply(c);
        reports.add(r);
        finished.accept(r);
      }
      collect(batch, reports, finished);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    return reports;
  }

  /** Waits for the batch's cases in order, reporting each; the batch is empty afterwards. */
  private static void collect(List<Future<CaseReport>> batch, List<CaseReport> reports, Consumer<CaseReport> finished) {
    for (Future<CaseReport> f : batch) {
      CaseReport r;
      try {
        r = f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while cases ran", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a case's runner failed: " + e.getCause(), e.getCause());
      }
      reports.add(r);
      finished.accept(r);
    }
    batch.clear();
  }
}
