package org.framewire.conformance.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.Role;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/** --jobs: reports in case order whatever N is; a case that runs alone has nothing beside it. */
class CaseSchedulerTest {

  /**
   * How long a waiting case waits for an alone case: far more than scheduling takes on a loaded
   * machine (load 30 on 2 cores), and what the test costs when the scheduler is wrong.
   */
  private static final long WAIT_BOUND_SECONDS = 20;

  private static CaseReport report(int i) {
    return new CaseReport("case/" + i, Role.SERVER, "t", "2", List.of(Requirement.FRAME_HEADER_LAYOUT), Grade.PASS, "",
        List.of(), 0, false, "repro");
  }

  @Test
  void reportsComeInCaseOrderForAnyJobs() {
    List<Integer> cases = IntStream.range(0, 40).boxed().toList();
    for (int jobs : new int[] {1, 2, 7}) {
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      List<CaseReport> reports = CaseScheduler.run(cases, jobs, i -> i % 9 == 0, (Integer i, CaseScheduler.Slot slot) -> {
        if (i % 3 == 0) {
          slot.idle();
        }
        sleep((40 - i) % 5);
        return report(i);
      }, r -> seen.add(r.id()));
      List<String> want = cases.stream().map(i -> "case/" + i).toList();
      assertEquals(want, reports.stream().map(CaseReport::id).toList(), "jobs " + jobs);
      assertEquals(want, seen, "jobs " + jobs);
    }
  }

  @Test
  void aCaseThatRunsAloneHasNothingBesideIt() {
    AtomicInteger running = new AtomicInteger();
    List<Integer> aloneSaw = Collections.synchronizedList(new ArrayList<>());
    CaseScheduler.run(IntStream.range(0, 30).boxed().toList(), 4, i -> i % 10 == 5, (Integer i, CaseScheduler.Slot slot) -> {
      int now = running.incrementAndGet();
      if (i % 10 == 5) {
        aloneSaw.add(now);
      }
      sleep(3);
      running.decrementAndGet();
      return report(i);
    }, r -> { });
    assertEquals(List.of(1, 1, 1), aloneSaw);
    assertTrue(running.get() == 0);
  }

  /**
   * A case that only waits (it gave up its slot) does not hold back a case that runs alone: the
   * alone case waits for running cases only (the barrier made a run against a silent server wait a
   * deadline before each such case). Case 0 waits until the alone case 1 has ended, as a case
   * waiting for a silent server's deadline would; a scheduler that made case 1 wait for case 0
   * would leave case 0 waiting out its whole bound. Nothing here depends on how fast threads run:
   * under any load case 1 ends while case 0 waits, or the scheduler is wrong.
   */
  @Test
  void aCaseThatRunsAloneDoesNotWaitForWaitingCases() {
    CountDownLatch aloneEnded = new CountDownLatch(1);
    AtomicBoolean endedWhileWaiting = new AtomicBoolean();
    List<CaseReport> reports = CaseScheduler.run(List.of(0, 1, 2), 2, i -> i == 1, (Integer i, CaseScheduler.Slot slot) -> {
      if (i == 0) {
        slot.idle();
        endedWhileWaiting.set(await(aloneEnded, WAIT_BOUND_SECONDS));
      }
      if (i == 1) {
        aloneEnded.countDown();
      }
      return report(i);
    }, r -> { });
    assertTrue(endedWhileWaiting.get(), "the alone case did not end while case 0 waited " + WAIT_BOUND_SECONDS + " s");
    assertEquals(List.of("case/0", "case/1", "case/2"), reports.stream().map(CaseReport::id).toList());
  }

  private static boolean await(CountDownLatch latch, long seconds) {
    try {
      return latch.await(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A waiting case run a second time takes a slot again: nothing runs beside an alone case then either. */
  @Test
  void aResumedCaseTakesASlotAgain() {
    AtomicInteger running = new AtomicInteger();
    List<Integer> aloneSaw = Collections.synchronizedList(new ArrayList<>());
    CaseScheduler.run(IntStream.range(0, 12).boxed().toList(), 2, i -> i % 4 == 3, (Integer i, CaseScheduler.Slot slot) -> {
      if (i % 4 == 3) {
        aloneSaw.add(running.incrementAndGet());
        sleep(20);
        running.decrementAndGet();
        return report(i);
      }
      slot.idle();
      sleep(10);
      slot.resume();
      running.incrementAndGet();
      sleep(5);
      running.decrementAndGet();
      return report(i);
    }, r -> { });
    assertEquals(List.of(1, 1, 1), aloneSaw);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
