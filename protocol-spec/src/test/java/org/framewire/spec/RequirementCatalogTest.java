package org.framewire.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@link Requirement} and SPEC.md in step (SPEC.md §1.1): every enum id is defined exactly
 * once, every defined id is in the enum, and each level matches the keyword of its sentence.
 */
class RequirementCatalogTest {

  private static final SpecDocument SPEC = SpecDocument.load();

  @Test
  void everyEnumIdIsDefinedExactlyOnce() {
    Map<String, Long> counts = SPEC.definitions().stream()
        .collect(Collectors.groupingBy(SpecDocument.Definition::id, TreeMap::new, Collectors.counting()));
    List<String> wrong = new ArrayList<>();
    for (Requirement r : Requirement.values()) {
      long n = counts.getOrDefault(r.id(), 0L);
      if (n != 1) {
        wrong.add(r.id() + " defined " + n + " times");
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void everyDefinedIdIsInTheEnum() {
    List<String> unknown = SPEC.definitions().stream()
        .map(SpecDocument.Definition::id)
        .filter(id -> Requirement.byId(id) == null)
        .distinct()
        .collect(Collectors.toList());
    assertEquals(List.of(), unknown);
  }

  @Test
  void levelsMatchTheKeywordOfEachSentence() {
    List<String> mismatches = new ArrayList<>();
    for (SpecDocument.Definition d : SPEC.definitions()) {
      Requirement r = Requirement.byId(d.id());
      if (r == null) {
        continue;
      }
      Optional<Requirement.Level> level = d.level();
      if (level.isEmpty() || level.get() != r.level()) {
        mismatches.add(d.id() + ": enum says " + r.level() + ", sentence uses " + d.keywords());
      }
    }
    assertEquals(List.of(), mismatches);
  }

  @Test
  void everyNormativeSentenceCarriesExactlyOneId() {
    List<String> offenders = SPEC.normativeSentences().stream()
        .filter(s -> s.ids().size() != 1)
        .map(s -> "§" + s.section() + " " + s.ids() + ": " + s.text())
        .collect(Collectors.toList());
    assertEquals(List.of(), offenders);
  }

  @Test
  void definitionsStartTheirSentence() {
    // SPEC.md §1.1: the marker opens the sentence, so the sentence read back never starts mid-way.
    List<String> offenders = new ArrayList<>();
    for (SpecDocument.NormativeSentence s : SPEC.normativeSentences()) {
      if (!s.ids().isEmpty() && !s.text().startsWith("**[" + s.ids().get(0) + "]**")) {
        offenders.add(s.text());
      }
    }
    assertEquals(List.of(), offenders);
  }

  @Test
  void everyDefinitionSitsInANumberedSection() {
    for (SpecDocument.Definition d : SPEC.definitions()) {
      assertTrue(d.section().matches("\\d+(\\.\\d+)*|[A-Z]"), d.id() + " in section '" + d.section() + "'");
      assertTrue(!d.sentence().isBlank(), d.id() + " has an empty sentence");
    }
  }

  @Test
  void enumIdsAreWellFormedAndUnique() {
    List<String> ids = Arrays.stream(Requirement.values()).map(Requirement::id).collect(Collectors.toList());
    assertEquals(ids.size(), ids.stream().distinct().count());
    for (Requirement r : Requirement.values()) {
      assertTrue(r.id().matches("[A-Z]+-[1-9]\\d*"), r.id());
      assertEquals(r, Requirement.byId(r.id()));
      assertTrue(!r.summary().isBlank(), r.id());
    }
  }
}
