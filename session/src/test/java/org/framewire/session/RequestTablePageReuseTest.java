package org.framewire.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** One request at a time reuses the emptied page instead of allocating a page per request. */
class RequestTablePageReuseTest {

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  @Test
  void aSessionWithOneRequestAtATimeAllocatesNoPagePerRequest() {
    RequestTable<String> table = new RequestTable<>(16);
    String value = "request";
    for (int warm = 0; warm < 10_000; warm++) {
      table.remove(table.allocate(id -> value));
    }
    long before = allocated();
    for (int i = 0; i < 1000; i++) {
      int id = table.allocate(id2 -> value);
      assertEquals(value, table.remove(id));
    }
    long bytes = allocated() - before;
    // a page is 256 references (over 1 KiB); allocating one per request would be over 1 MiB here
    assertTrue(bytes < 64 * 1024, bytes + " bytes allocated for 1000 requests");
  }

  @Test
  void aReusedPageHoldsNothingFromBefore() {
    RequestTable<String> table = new RequestTable<>(RequestTable.ID_COUNT);
    table.put(1, "a");
    table.put(3, "b");
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
    assertEquals(1, table.size());
  }
}
