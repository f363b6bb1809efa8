package org.framewire.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestTableTest {

  @Test
  void allocatesOddIdsInIncreasingOrder() {
    RequestTable<String> t = new RequestTable<>(10);
    assertEquals(1, t.allocate(i -> "a"));
    assertEquals(3, t.allocate(i -> "b"));
    assertEquals(5, t.allocate(i -> "c"));
    assertEquals("b", t.get(3));
    assertEquals(3, t.size());
  }

  @Test
  void releasedIdIsNotReusedImmediately() {
    RequestTable<String> t = new RequestTable<>(10);
    int a = t.allocate(i -> "a");
    t.remove(a);
    assertEquals(3, t.allocate(i -> "b"), "cursor moved past the released id");
  }

  @Test
  void wrapsAfter65535AndSkipsIdsInUse() {
    RequestTable<String> t = new RequestTable<>(RequestTable.ID_COUNT);
    t.put(1, "kept");
    t.put(3, "kept too");
    for (int id = 5; id <= 0xFFFF; id += 2) {
      assertEquals(id, t.allocate(i -> "x"));
      t.remove(id);
    }
    assertEquals(5, t.allocate(i -> "wrapped"), "1 and 3 are in use, so 5 after the wrap");
  }

  @Test
  void allocationAfter65535WrapsToOne() {
    RequestTable<String> t = new RequestTable<>(4);
    for (int id = 1; id <= 0xFFFD; id += 2) {
      t.remove(t.allocate(i -> "x"));
    }
    assertEquals(0xFFFF, t.allocate(i -> "last"));
    assertEquals(1, t.allocate(i -> "first again"));
  }

  @Test
  void boundedCapacity() {
    RequestTable<String> t = new RequestTable<>(2);
    t.allocate(i -> "a");
    t.allocate(i -> "b");
    assertTrue(t.isFull());
    assertThrows(IllegalStateException.class, () -> t.allocate(i -> "c"));
    assertThrows(IllegalStateException.class, () -> t.put(99, "c"));
  }

  @Test
  void putRejectsEvenIdsAndIdsInUse() {
    RequestTable<String> t = new RequestTable<>(8);
    assertThrows(IllegalArgumentException.class, () -> t.put(2, "x"));
    assertThrows(IllegalArgumentException.class, () -> t.put(0, "x"));
    assertThrows(IllegalArgumentException.class, () -> t.put(0x10001, "x"));
    t.put(7, "x");
    assertThrows(IllegalStateException.class, () -> t.put(7, "y"));
    assertNull(t.get(2));
    assertNull(t.get(-1));
    assertNull(t.remove(4));
  }

  @Test
  void everyOddIdHasItsOwnSlot() {
    RequestTable<Integer> t = new RequestTable<>(RequestTable.ID_COUNT);
    for (int id = 1; id <= 0xFFFF; id += 2) {
      t.put(id, id);
    }
    assertTrue(t.isFull());
    for (int id = 1; id <= 0xFFFF; id += 2) {
      assertEquals(id, t.get(id));
    }
    List<Integer> seen = new ArrayList<>();
    t.forEach((id, v) -> {
      assertEquals(id, v);
      seen.add(id);
    });
    assertEquals(RequestTable.ID_COUNT, seen.size());
    for (int id = 1; id <= 0xFFFF; id += 2) {
      assertEquals(id, t.remove(id));
    }
    assertTrue(t.isEmpty());
  }

  @Test
  void forEachMayRemoveTheVisitedEntry() {
    RequestTable<String> t = new RequestTable<>(8);
    t.put(1, "a");
    t.put(513, "b");
    t.put(515, "c");
    List<Integer> seen = new ArrayList<>();
    t.forEach((id, v) -> {
      seen.add(id);
      t.remove(id);
    });
    assertEquals(List.of(1, 513, 515), seen);
    assertTrue(t.isEmpty());
    assertFalse(t.contains(513));
  }

  @Test
  void clearEmptiesTheTable() {
    RequestTable<String> t = new RequestTable<>(8);
    t.allocate(i -> "a");
    t.allocate(i -> "b");
    t.clear();
    assertTrue(t.isEmpty());
    assertNull(t.get(1));
    assertEquals(5, t.allocate(i -> "c"), "the cursor survives clear()");
  }

  @Test
  void capacityIsChecked() {
    assertThrows(IllegalArgumentException.class, () -> new RequestTable<>(0));
    assertThrows(IllegalArgumentException.class, () -> new RequestTable<>(RequestTable.ID_COUNT + 1));
  }

  @Test
  void tagsLiveBesideTheirEntriesAndResetWhenTheyGo() {
    RequestTable<String> t = new RequestTable<>(RequestTable.ID_COUNT);
    assertEquals(0, t.tag(7), "no entry, no tag");
    assertThrows(IllegalStateException.class, () -> t.setTag(7, 1), "no entry to tag");
    t.put(7, "a");
    t.put(9, "b");
    assertEquals(0, t.tag(7), "a new entry's tag is 0");
    t.setTag(7, 3);
    t.setTag(9, 127);
    assertEquals(3, t.tag(7));
    assertEquals(127, t.tag(9), "the neighbour's tag is its own");
    assertThrows(IllegalArgumentException.class, () -> t.setTag(7, 128));
    assertEquals(0, t.tag(8), "even ids are never tagged");
    t.remove(7);
    assertEquals(0, t.tag(7), "removing the entry resets its tag");
    t.remove(9);
    t.put(9, "again");
    assertEquals(0, t.tag(9), "an id stored again starts at 0, also on a reused page");
    t.setTag(9, 5);
    t.clear();
    assertEquals(0, t.tag(9), "clear resets the tags");
  }

  @Test
  void tagsOfIdsFarApartAreKeptApart() {
    RequestTable<String> t = new RequestTable<>(RequestTable.ID_COUNT);
    t.put(1, "low");
    t.setTag(1, 9);
    t.put(0xFFFF, "high"); // the window spans the wrap: slot 32767, then slot 0
    t.setTag(0xFFFF, 127);
    t.put(0x8001, "middle"); // now the window must hold slots 16384, 32767 and 0
    t.setTag(0x8001, 5);
    assertEquals(9, t.tag(1), "a moved window keeps the tags it held");
    assertEquals(127, t.tag(0xFFFF));
    assertEquals(5, t.tag(0x8001));
    assertEquals(0, t.tag(0xFFFE), "the even id below shares the slot index but is no request id");
    assertEquals(0, t.tag(0x10001), "beyond 16 bits, though its slot modulo 32768 is slot 0");
    assertEquals(0, t.tag(-1), "negative");
    for (int id = 3; id < 0xFFFF; id += 2) {
      if (id != 0x8001) {
        assertEquals(0, t.tag(id), "untouched id " + id);
      }
    }
  }

  @Test
  void aClientGoingRoundItsIdsOneAtATimeKeepsItsFirstTagWindow() {
    RequestTable<String> t = new RequestTable<>(RequestTable.ID_COUNT);
    for (int n = 0; n < 3 * RequestTable.ID_COUNT; n++) {
      int id = t.allocate(i -> "r");
      t.setTag(id, 1 + n % 100);
      assertEquals(1 + n % 100, t.tag(id));
      t.remove(id);
      assertEquals(RequestTable.FIRST_WINDOW, t.windowLength(), "request " + n + ", id " + id);
    }
  }

  @Test
  void aPipelinedClientGoingRoundItsIdsHoldsTagsForTwiceItsDepth() {
    RequestTable<Integer> t = new RequestTable<>(RequestTable.ID_COUNT);
    int depth = 100;
    java.util.ArrayDeque<Integer> live = new java.util.ArrayDeque<>();
    int most = 0;
    for (int n = 0; n < 3 * RequestTable.ID_COUNT; n++) {
      if (live.size() == depth) {
        int id = live.removeFirst();
        assertEquals(1 + id % 127, t.tag(id), "id " + id + " before it goes");
        t.remove(id);
      }
      int id = t.allocate(i -> i);
      t.setTag(id, 1 + id % 127);
      live.addLast(id);
      most = Math.max(most, t.windowLength());
    }
    for (int id : live) {
      assertEquals(1 + id % 127, t.tag(id), "live id " + id + " after the ids wrapped three times");
    }
    assertEquals(256, most, "a window of twice 100 slots, rounded up to a power of two, never 32768");
    assertFalse(t.paged(), "100 ids in use fit a window of entries");
    live.forEach(t::remove);
    assertEquals(256, t.windowLength(), "an emptied table keeps a window of " + RequestTable.KEPT_WINDOW);
  }

  @Test
  void anEmptiedTableDropsALargeTagWindow() {
    RequestTable<String> t = new RequestTable<>(RequestTable.ID_COUNT);
    for (int id = 1; id <= 2001; id += 2) {
      t.put(id, "burst");
    }
    assertEquals(1024, t.windowLength(), "twice the 257 slots in use when it last moved, rounded up");
    assertTrue(t.paged(), "more than 256 slots: the entries are in pages");
    for (int id = 1; id <= 2001; id += 2) {
      t.remove(id);
    }
    assertEquals(0, t.windowLength(), "dropped when the table emptied");
    assertFalse(t.paged(), "an empty table goes back to a window");
    t.put(40001, "next");
    t.setTag(40001, 3);
    assertEquals(RequestTable.FIRST_WINDOW, t.windowLength());
    assertEquals(3, t.tag(40001));
  }
}
