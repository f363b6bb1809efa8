package org.framewire.conformance.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.framewire.conformance.CaseReport;

/**
 * Runs cases {@code jobs} at a time, for targets where every case has a connection or a process of
 * its own (docs/conformance/README.md, {@code --jobs}). The reports come back, and go to the
 * progress listener, in the order of the cases whatever {@code jobs} is, so a report does not depend
 * on it; a case that must run alone ({@link CaseRunner#runsAlone}) takes every job slot, so no other
 * case runs beside it.
 *
 * <p>A case that has sent everything and only waits for the target to say more (silence, until
 * its deadline) gives its job slot to the next case ({@link Slot#idle()}): waiting takes no
 * machine, and a server that goes silent on many cases would otherwise cost a deadline per {@code
 * jobs} cases. At most {@link #MAX_WAITING} cases wait so at once. A case that runs alone waits
 * for the running cases, not for the waiting ones (they use no machine); a waiting case that is run
 * a second time takes a slot again first ({@link Slot#resume()}).
 */
public final class CaseScheduler {

  /**
   * The most cases that wait in silence beside the {@code jobs} running ones: a waiting case holds
   * one connection (or process) and a thread that polls it every few milliseconds.
   */
  public static final int MAX_WAITING = 48;

  private CaseScheduler() {}

  /** A running case's hold on its job slot. */
  public interface Slot {
    /** A slot that is not shared: {@link #idle()} does nothing. */
    Slot NONE = () -> { };

    /** The case now only waits for the target: its slot may go to the next case. */
    void idle();

    /** The case runs again (a re-run after {@link #idle()}): it takes a slot again, waiting for one. */
    default void resume() { }
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
    if (jobs == 1) {
      for (C c : cases) {
        CaseReport r = runner.apply(c, Slot.NONE);
        reports.add(r);
        finished.accept(r);
      }
      return reports;
    }
    Semaphore slots = new Semaphore(jobs, true);
    ExecutorService pool = Executors.newFixedThreadPool(jobs + MAX_WAITING, r -> {
      Thread t = new Thread(r, "conformance-job");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<CaseReport>> futures = new ArrayList<>();
      for (C c : cases) {
        int need = alone.test(c) ? jobs : 1;
        futures.add(pool.submit(() -> {
          SharedSlot slot = new SharedSlot(slots, need);
          try {
            return runner.apply(c, need == 1 ? slot : Slot.NONE);
          } finally {
            slot.idle();
          }
        }));
      }
      for (Future<CaseReport> f : futures) {
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
    } finally {
      pool.shutdownNow();
    }
    return reports;
  }

  /** A case's hold on {@code permits} of the shared job slots, taken when it is made. */
  private static final class SharedSlot implements Slot {
    private final Semaphore slots;
    private final int permits;
    private boolean held;

    SharedSlot(Semaphore slots, int permits) throws InterruptedException {
      this.slots = slots;
      this.permits = permits;
      resumeInterruptibly();
    }

    private synchronized void resumeInterruptibly() throws InterruptedException {
      if (!held) {
        slots.acquire(permits);
        held = true;
      }
    }

    @Override
    public synchronized void idle() {
      if (held) {
        held = false;
        slots.release(permits);
      }
    }

    @Override
    public void resume() {
      try {
        resumeInterruptibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
