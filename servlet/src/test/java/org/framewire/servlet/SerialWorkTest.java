package org.framewire.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link SerialWork}: one piece at a time, in order, and no thread ever waits for another. */
class SerialWorkTest {

  /**
   * The deadlock of issue 14, in small: while one thread runs a piece that waits for something a
   * second thread must do after handing in its own piece, the second thread's {@code run} returns
   * at once (with a monitor it would wait for the first, which waits for it), and its piece runs
   * afterwards on the first thread.
   */
  @Test
  void aThreadFindingTheWorkRunningLeavesItsPieceAndReturns() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    SerialWork work = new SerialWork(e -> order.add("failed " + e));
    CountDownLatch secondReturned = new CountDownLatch(1);
    Thread[] ranOn = new Thread[1];
    Thread first = new Thread(() -> work.run(() -> {
      order.add("first begins");
      new Thread(() -> {
        work.run(() -> {
          order.add("second");
          ranOn[0] = Thread.currentThread();
        });
        secondReturned.countDown();
      }).start();
      assertTrue(secondReturned.await(10, TimeUnit.SECONDS), "the second thread waited for the first");
      order.add("first ends");
    }));
    first.start();
    first.join(20_000);
    assertEquals(List.of("first begins", "first ends", "second"), order);
    assertSame(first, ranOn[0], "the second piece ran on the thread that was running");
  }

  /** A piece handed in by the running piece itself (a container calling back inline) runs after it. */
  @Test
  void aPieceFromTheRunningThreadRunsAfterTheCurrentOne() {
    List<String> order = new CopyOnWriteArrayList<>();
    SerialWork work = new SerialWork(e -> order.add("failed " + e));
    work.run(() -> {
      order.add("outer begins");
      work.run(() -> order.add("inner"));
      order.add("outer ends");
    });
    assertEquals(List.of("outer begins", "outer ends", "inner"), order);
  }

  /** What a piece throws goes to the failure handler; the pieces after it still run. */
  @Test
  void aFailingPieceGoesToTheHandler() {
    List<Object> seen = new CopyOnWriteArrayList<>();
    SerialWork work = new SerialWork(seen::add);
    java.io.IOException boom = new java.io.IOException("boom");
    work.run(() -> {
      work.run(() -> {
        throw boom;
      });
      work.run(() -> seen.add("after"));
    });
    assertSame(boom, seen.get(0));
    assertEquals("after", seen.get(1));
  }
}
