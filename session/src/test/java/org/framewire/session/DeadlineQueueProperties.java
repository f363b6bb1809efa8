package org.framewire.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DeadlineQueueProperties {

  @Provide
  Arbitrary<List<Integer>> operations() {
    return Arbitraries.integers().between(-200, 200).list().ofMaxSize(200);
  }

  /** Non-negative: schedule at that deadline; negative: cancel or poll, against a sorted model. */
  @Property(tries = 300)
  void agreesWithASortedList(@ForAll("operations") List<Integer> ops) {
    DeadlineQueue<Integer> q = new DeadlineQueue<>();
    List<DeadlineQueue.Timer<Integer>> model = new ArrayList<>();
    Comparator<DeadlineQueue.Timer<Integer>> order = Comparator.comparingLong(DeadlineQueue.Timer::deadline);
    int seq = 0;
    for (int op : ops) {
      if (op >= 0) {
        model.add(q.schedule(op, seq++));
      } else if (!model.isEmpty() && op % 2 == 0) {
        DeadlineQueue.Timer<Integer> victim = model.remove((-op) % model.size());
        q.cancel(victim);
      } else if (!model.isEmpty()) {
        model.sort(order.thenComparing(DeadlineQueue.Timer::payload));
        DeadlineQueue.Timer<Integer> first = model.remove(0);
        assertEquals(first, q.pollExpired(first.deadline()));
      }
      model.sort(order.thenComparing(DeadlineQueue.Timer::payload));
      assertEquals(model.isEmpty() ? Long.MAX_VALUE : model.get(0).deadline(), q.nextDeadline());
      assertEquals(model.size(), q.size());
    }
  }
}
