package org.framewire.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * A session running one request at a time, or a few pipelined, allocates nothing per request: the
 * window moves without copying. With the entries in pages, an emptied page is reused.
 */
class RequestTablePageReuseTest {

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  @Test
  void aSessionWithOneRequestAtATimeAllocatesNothingPerRequest() {
    RequestTable<String> table = new RequestTable<>(16);
    String value = "request";
    IntFunction<String> request = id -> value; // made once: a capturing lambda is an object per call
    for (int warm = 0; warm < 10_000; warm++) {
      table.remove(table.allocate(request));
    }
    long before = allocated();
    for (int i = 0; i < 1000; i++) {
      int id = table.allocate(request);
      assertEquals(value, table.remove(id));
    }
    long bytes = allocated() - before;
    // a window is 16 references or more; allocating one per request would be over 80 KB here
    assertTrue(bytes < 1024, bytes + " bytes allocated for 1000 requests");
  }

  @Test
  void aSessionWithRequestsPipelinedAllocatesNothingPerRequest() {
    RequestTable<String> table = new RequestTable<>(RequestTable.ID_COUNT);
    String value = "request";
    IntFunction<String> request = id -> value;
    int[] inFlight = new int[16];
    for (int i = 0; i < inFlight.length; i++) {
      inFlight[i] = table.allocate(request);
    }
    for (int warm = 0; warm < 100_000; warm++) { // round the ids three times
      int k = warm % inFlight.length;
      table.remove(inFlight[k]);
      inFlight[k] = table.allocate(request);
    }
    long before = allocated();
    for (int i = 0; i < 1000; i++) {
      int k = i % inFlight.length;
      assertEquals(value, table.remove(inFlight[k]));
      inFlight[k] = table.allocate(request);
    }
    long bytes = allocated() - before;
    assertTrue(bytes < 1024, bytes + " bytes allocated for 1000 requests, 16 in flight");
    assertEquals(32, table.windowLength(), "16 in flight: twice their span, moved along");
  }

  @Test
  void aReusedPageHoldsNothingFromBefore() {
    RequestTable<String> table = new RequestTable<>(RequestTable.ID_COUNT);
    table.put(1, "a");
    table.put(3, "b");
    table.put(1001, "far"); // slots 0 to 500 in use: more than a window of entries holds
    assertTrue(table.paged());
    table.remove(1);
    table.remove(3);
    table.put(1025, "c"); // another page: takes the emptied one
    for (int id = 1025; id < 1025 + 512; id += 2) {
      if (id != 1025) {
        assertNull(table.get(id));
      }
    }
    assertNull(table.get(1));
    assertNull(table.get(3));
    assertEquals("c", table.get(1025));
    assertEquals("far", table.get(1001));
    assertEquals(2, table.size());
  }
}
