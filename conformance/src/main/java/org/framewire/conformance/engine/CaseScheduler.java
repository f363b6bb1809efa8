package org.framewire.conformance.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
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
 *
 * <p>A case that has sent everything and only waits for the target to say more (silence, until
 * its deadline) gives its job slot to the next case ({@link Slot#idle()}): waiting takes no
 * machine, and a server that goes silent on many cases would otherwise cost a deadline per {@code
 * jobs} cases. At most {@link #MAX_WAITING} cases wait so at once.
 */
public final class CaseScheduler {

  /** The most cases that wait in silence beside the {@code jobs} running ones. */
  public static final int MAX_WAITING = 16;

  private CaseScheduler() {}

  /** A running case's hold on its job slot. */
  public interface Slot {
    /** A slot that is not shared: {@link #idle()} does nothing. */
    Slot NONE = () -> { };

    /** The case now only waits for the target: its slot may go to the next case (once). */
    void idle();
  }

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
    return run(cases, jobs, alone, (c, slot) -> runner.apply(c), finished);
  }

  /**
   * As {@link #run(List, int, Predicate, Function, Consumer)}, with a runner that may give up its
   * job slot while it only waits ({@link Slot#idle()}).
   */
  public static <C> List<CaseReport> run(List<C> cases, int jobs, Predicate<C> alone,
      BiFunction<C, Slot, CaseReport> runner, Consumer<CaseReport> finished) {
    if (jobs < 1) {
      throw new IllegalArgumentException("--jobs must be at least 1, not " + jobs);
    }
    List<CaseReport> reports = new ArrayList<>(cases.size());
    Semaphore slots = new Semaphore(jobs, true);
    ExecutorService pool = jobs == 1 ? null : Executors.newFixedThreadPool(jobs + MAX_WAITING, r -> {
      Thread t = new Thread(r, "conformance-job");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<CaseReport>> batch = new ArrayList<>();
      for (C c : cases) {
        if (pool != null && !alone.test(c)) {
          batch.add(pool.submit(() -> {
            slots.acquire();
            AtomicBoolean held = new AtomicBoolean(true);
            try {
              return runner.apply(c, () -> {
                if (held.getAndSet(false)) {
                  slots.release();
                }
              });
            } finally {
              if (held.getAndSet(false)) {
                slots.release();
              }
            }
          }));
          continue;
        }
        collect(batch, reports, finished);
        CaseReport r = runner.apply(c, Slot.NONE);
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
