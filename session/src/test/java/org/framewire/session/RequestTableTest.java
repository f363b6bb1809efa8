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
  void flatTagsGrowToTheHighestIdAndNoOtherIdSharesASlot() {
    RequestTable<String> t = new RequestTable<>(RequestTable.ID_COUNT);
    t.put(1, "low");
    t.setTag(1, 9);
    t.put(0xFFFF, "high"); // grows the flat tag array from its first 64 slots to all 32768
    t.setTag(0xFFFF, 127);
    assertEquals(9, t.tag(1), "a grown array keeps the tags it held");
    assertEquals(127, t.tag(0xFFFF));
    assertEquals(0, t.tag(0xFFFE), "the even id below shares the slot index but is no request id");
    assertEquals(0, t.tag(0x10001), "beyond 16 bits");
    assertEquals(0, t.tag(-1), "negative");
    for (int id = 3; id < 0xFFFF; id += 2) {
      assertEquals(0, t.tag(id), "untouched id " + id);
    }
  }
}
