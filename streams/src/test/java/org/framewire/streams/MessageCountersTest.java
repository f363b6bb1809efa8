package org.framewire.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The primitive message counters agree with a map under random adds and removes, through growth and probe runs. */
class MessageCountersTest {

  @Test
  void agreesWithAMapUnderRandomOperations() {
    for (int seed = 0; seed < 20; seed++) {
      Random rnd = new Random(seed);
      MessageCounters counters = new MessageCounters();
      Map<Integer, Long> model = new HashMap<>();
      // few distinct keys for some seeds (long probe runs, many removes), many for others (growth)
      int keySpace = seed % 2 == 0 ? 40 : 65536 * 4;
      for (int op = 0; op < 20_000; op++) {
        int key = rnd.nextInt(keySpace);
        if (rnd.nextInt(3) == 0) {
          counters.remove(key);
          model.remove(key);
        } else {
          long n = rnd.nextInt(1000);
          long expected = model.merge(key, n, Long::sum);
          assertEquals(expected, counters.add(key, n), "add " + key + " seed " + seed);
        }
        int probe = rnd.nextInt(keySpace);
        assertEquals(model.getOrDefault(probe, 0L), counters.get(probe), "get " + probe + " seed " + seed);
        assertEquals(model.size(), counters.size(), "size, seed " + seed);
      }
      for (Map.Entry<Integer, Long> e : model.entrySet()) {
        assertEquals(e.getValue(), counters.get(e.getKey()));
      }
    }
  }

  @Test
  void aRemovedKeyLeavesTheOthersOfItsProbeRunFindable() {
    MessageCounters counters = new MessageCounters();
    for (int key = 0; key < 4; key++) {
      counters.add(key * 1024, key + 1); // whatever their slots, four keys in eight slots
    }
    counters.remove(0);
    for (int key = 1; key < 4; key++) {
      assertEquals(key + 1, counters.get(key * 1024));
    }
    assertEquals(0, counters.get(0));
    assertEquals(3, counters.size());
  }

  @Test
  void oneMessageAtATimeNeedsNoTableAndASecondBesideItMakesOne() {
    MessageCounters counters = new MessageCounters();
    for (int key = 0; key < 100; key++) {
      assertEquals(5, counters.add(key, 5));
      assertEquals(12, counters.add(key, 7));
      counters.remove(key);
      assertEquals(0, counters.size());
    }
    assertEquals(false, counters.hasTable(), "messages one after another stay in the fields");
    counters.add(1, 1);
    counters.add(2, 2);
    assertEquals(true, counters.hasTable());
    counters.remove(1); // the field empties; key 2 stays in the table and is still found
    assertEquals(2, counters.add(2, 0));
    counters.add(3, 3); // into the field, beside 2 in the table
    assertEquals(5, counters.add(2, 3));
    assertEquals(3, counters.get(3));
    assertEquals(2, counters.size());
  }
}
