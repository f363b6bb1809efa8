package org.framewire.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RequestTableProperties {

  /** Positive: allocate; negative n: release the (|n| mod size)-th live id. */
  @Provide
  Arbitrary<List<Integer>> operations() {
    return Arbitraries.integers().between(-1000, 1000).list().ofMaxSize(300);
  }

  @Property(tries = 300)
  void behavesLikeAModelTable(@ForAll("operations") List<Integer> ops) {
    int capacity = 16;
    RequestTable<Integer> table = new RequestTable<>(capacity);
    TreeMap<Integer, Integer> model = new TreeMap<>();
    int lastAllocated = -1;
    for (int op : ops) {
      if (op >= 0) {
        if (model.size() == capacity) {
          assertTrue(table.isFull());
          continue;
        }
        int id = table.allocate(i -> op);
        assertEquals(1, id & 1, "odd");
        assertFalse(model.containsKey(id), "never an id in use");
        assertTrue(id > lastAllocated, "300 operations never reach the wrap, so ids only grow");
        lastAllocated = id;
        model.put(id, op);
      } else if (!model.isEmpty()) {
        int k = (-op) % model.size();
        int id = model.keySet().stream().skip(k).findFirst().orElseThrow();
        assertEquals(model.remove(id), table.remove(id));
      }
      assertEquals(model.size(), table.size());
      for (var e : model.entrySet()) {
        assertEquals(e.getValue(), table.get(e.getKey()));
      }
    }
  }

  @Property(tries = 200)
  void allocationNeverReusesAnIdBeforeTheCursorWraps(
      @ForAll("operations") List<Integer> ops) {
    RequestTable<Integer> table = new RequestTable<>(4);
    int previous = -1;
    for (int op : ops) {
      int id = table.isFull() ? -1 : table.allocate(i -> op);
      if (id > 0) {
        if (previous > 0) {
          assertTrue(id > previous, "strictly increasing until the 65535 wrap, which 300 ops never reach");
        }
        previous = id;
        if (op % 2 == 0) {
          table.remove(id);
        }
      } else {
        table.forEach((k, v) -> table.remove(k));
      }
    }
  }
}
