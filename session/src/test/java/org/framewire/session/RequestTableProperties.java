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

  /**
   * Ids near a moving point (a client's increasing ids, wrapping after 65535) and now and then
   * anywhere (a peer's own choice): put, tag, remove. Each int: the low 2 bits choose the step,
   * the rest the distance.
   */
  @Provide
  Arbitrary<List<Integer>> taggedOperations() {
    return Arbitraries.integers().between(0, 1 << 20).list().ofMaxSize(400);
  }

  @Property(tries = 300)
  void tagsFollowTheirEntriesWhereverTheIdsAre(@ForAll("taggedOperations") List<Integer> ops) {
    RequestTable<Integer> table = new RequestTable<>(RequestTable.ID_COUNT);
    TreeMap<Integer, Integer> tags = new TreeMap<>();
    int point = 0xFF01; // close to the wrap, so the window crosses it
    for (int op : ops) {
      int step = op & 3;
      int distance = op >>> 2;
      if (step == 0 || step == 1) {
        int id = step == 0 ? ((point + 2 * (distance % 300)) & 0xFFFF) | 1 : (distance & 0xFFFF) | 1;
        if (!tags.containsKey(id)) {
          assertEquals(null, table.get(id));
          table.put(id, id);
          tags.put(id, 0);
        }
        int tag = distance % 128;
        table.setTag(id, tag);
        tags.put(id, tag);
        point = (point + 2) & 0xFFFF;
      } else if (!tags.isEmpty()) {
        int id = tags.keySet().stream().skip(distance % tags.size()).findFirst().orElseThrow();
        assertEquals(id, table.remove(id));
        tags.remove(id);
      }
      for (var e : tags.entrySet()) {
        assertEquals(e.getValue(), table.tag(e.getKey()), "tag of " + e.getKey());
        assertEquals(e.getKey(), table.get(e.getKey()), "entry of " + e.getKey());
      }
      int probe = (distance & 0xFFFF) | 1;
      assertEquals(tags.getOrDefault(probe, 0), table.tag(probe), "tag of " + probe);
      assertEquals(tags.containsKey(probe) ? probe : null, table.get(probe), "entry of " + probe);
      assertEquals(tags.size(), table.size());
      List<Integer> visited = new java.util.ArrayList<>();
      table.forEach((id, v) -> visited.add(id));
      assertEquals(List.copyOf(tags.keySet()), visited, "forEach: every id, increasing");
    }
  }
}
