package org.framewire.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlineQueueTest {

  @Test
  void emptyQueueHasNoDeadline() {
    DeadlineQueue<String> q = new DeadlineQueue<>();
    assertEquals(Long.MAX_VALUE, q.nextDeadline());
    assertNull(q.pollExpired(Long.MAX_VALUE));
  }

  @Test
  void expiresInDeadlineOrderThenSchedulingOrder() {
    DeadlineQueue<String> q = new DeadlineQueue<>();
    q.schedule(30, "c");
    q.schedule(10, "a");
    q.schedule(20, "b1");
    q.schedule(20, "b2");
    assertEquals(10, q.nextDeadline());
    assertNull(q.pollExpired(9));
    List<String> out = new ArrayList<>();
    DeadlineQueue.Timer<String> t;
    while ((t = q.pollExpired(25)) != null) {
      out.add(t.payload());
      assertFalse(t.isScheduled());
    }
    assertEquals(List.of("a", "b1", "b2"), out);
    assertEquals(30, q.nextDeadline());
  }

  @Test
  void cancelAndReschedule() {
    DeadlineQueue<String> q = new DeadlineQueue<>();
    DeadlineQueue.Timer<String> a = q.schedule(10, "a");
    DeadlineQueue.Timer<String> b = q.schedule(20, "b");
    assertTrue(q.cancel(a));
    assertFalse(q.cancel(a));
    assertEquals(20, q.nextDeadline());
    q.reschedule(b, 5);
    assertEquals(5, q.nextDeadline());
    q.reschedule(a, 1);
    assertTrue(a.isScheduled());
    assertEquals("a", q.pollExpired(100).payload());
    assertEquals("b", q.pollExpired(100).payload());
    assertTrue(q.isEmpty());
  }

  @Test
  void comparesAcrossTheNanoTimeOverflow() {
    DeadlineQueue<String> q = new DeadlineQueue<>();
    long near = Long.MAX_VALUE - 5;
    q.schedule(near + 10, "after overflow");
    q.schedule(near, "before overflow");
    assertEquals("before overflow", q.pollExpired(near).payload());
    assertNull(q.pollExpired(near + 9));
    assertEquals("after overflow", q.pollExpired(near + 10).payload());
  }

  @Test
  void rejectsTimersOfAnotherQueue() {
    DeadlineQueue<String> q = new DeadlineQueue<>();
    DeadlineQueue<String> other = new DeadlineQueue<>();
    DeadlineQueue.Timer<String> t = other.schedule(1, "x");
    assertThrows(IllegalArgumentException.class, () -> q.cancel(t));
    assertThrows(IllegalArgumentException.class, () -> q.reschedule(t, 2));
  }

  @Test
  void clearCancelsEverything() {
    DeadlineQueue<String> q = new DeadlineQueue<>();
    DeadlineQueue.Timer<String> t = q.schedule(1, "x");
    q.schedule(2, "y");
    q.clear();
    assertFalse(t.isScheduled());
    assertEquals(Long.MAX_VALUE, q.nextDeadline());
  }
}
