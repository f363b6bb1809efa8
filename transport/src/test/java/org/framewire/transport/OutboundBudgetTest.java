package org.framewire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-connection outbound budget of LIMIT-3. */
@Timeout(20)
class OutboundBudgetTest {

  @Test
  void countsBytesAndPeak() {
    OutboundBudget b = new OutboundBudget(100);
    b.add(60);
    b.add(60);
    assertTrue(b.overLimit());
    b.release(30);
    assertFalse(b.overLimit());
    assertEquals(90, b.bytes());
    assertEquals(120, b.peak());
    assertThrows(IllegalArgumentException.class, () -> new OutboundBudget(0));
  }

  @Test
  void producersWaitUntilWritesBringItBackToTheLimit() throws Exception {
    OutboundBudget b = new OutboundBudget(100);
    b.add(150);
    CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
      try {
        b.awaitBelowLimit();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    TcpTransportTest.eventually(() -> producer.isDone() || waiting(b));
    assertFalse(producer.isDone());
    b.release(40); // 110: still over
    assertFalse(producer.isDone());
    b.release(10); // 100: at the limit
    producer.get(10, TimeUnit.SECONDS);
  }

  @Test
  void closingReleasesWaitersForGood() throws Exception {
    OutboundBudget b = new OutboundBudget(10);
    b.add(11);
    CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
      try {
        b.awaitBelowLimit();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    TcpTransportTest.eventually(() -> waiting(b));
    b.close();
    producer.get(10, TimeUnit.SECONDS);
    b.awaitBelowLimit(); // returns at once
    assertTrue(b.isClosed());
  }

  private static boolean waiting(OutboundBudget b) {
    return b.waiters() > 0;
  }
}
