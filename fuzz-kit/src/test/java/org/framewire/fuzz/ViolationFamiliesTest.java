package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Example;

/** Every violation kind is injected by exactly one family of {@link ConversationBuilder}. */
class ViolationFamiliesTest {

  @Example
  void theFamiliesPartitionTheKinds() {
    List<Set<ViolationKind>> families = List.of(FrameViolations.KINDS, StreamViolations.KINDS,
        SettingsViolations.KINDS, RequestViolations.KINDS, CborViolations.KINDS);
    List<ViolationKind> all = new ArrayList<>();
    families.forEach(all::addAll);
    assertEquals(ViolationKind.values().length, all.size(), "a kind in two families: " + all);
    assertEquals(EnumSet.allOf(ViolationKind.class), EnumSet.copyOf(all));
  }
}
