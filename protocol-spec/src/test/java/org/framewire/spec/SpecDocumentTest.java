package org.framewire.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SpecDocumentTest {

  private static List<String> ids(SpecDocument doc) {
    return doc.definitions().stream().map(SpecDocument.Definition::id).collect(Collectors.toList());
  }

  @Test
  void readsIdLevelSectionAndSentence() {
    SpecDocument doc = SpecDocument.parse(String.join("\n",
        "# Title",
        "## 2 Frames",
        "### 2.4 Maximum frame size",
        "",
        "Intro text. **[FRAME-2]** A receiver MUST reject a frame longer than",
        "its maximum. Another sentence follows.",
        ""));
    SpecDocument.Definition d = doc.definition("FRAME-2").orElseThrow();
    assertEquals("2.4", d.section());
    assertEquals("Maximum frame size", d.sectionTitle());
    assertEquals("A receiver MUST reject a frame longer than its maximum.", d.sentence());
    assertEquals(Optional.of(Requirement.Level.MUST), d.level());
  }

  @Test
  void distinguishesMustNotMustAndShould() {
    SpecDocument doc = SpecDocument.parse(String.join("\n",
        "## 3 Streams",
        "**[A-1]** A peer MUST NOT do this.",
        "**[A-2]** A peer MUST do that.",
        "**[A-3]** A peer SHOULD do so.",
        "**[A-4]** A peer MUST do one thing and MUST NOT do another."));
    assertEquals(Optional.of(Requirement.Level.MUST_NOT), doc.definition("A-1").orElseThrow().level());
    assertEquals(Optional.of(Requirement.Level.MUST), doc.definition("A-2").orElseThrow().level());
    assertEquals(Optional.of(Requirement.Level.SHOULD), doc.definition("A-3").orElseThrow().level());
    SpecDocument.Definition mixed = doc.definition("A-4").orElseThrow();
    assertEquals(EnumSet.of(Requirement.Level.MUST, Requirement.Level.MUST_NOT), mixed.keywords());
    assertEquals(Optional.empty(), mixed.level());
  }

  @Test
  void ignoresMarkersAndKeywordsInCode() {
    SpecDocument doc = SpecDocument.parse(String.join("\n",
        "## 1 Conventions",
        "Markers look like `**[FRAME-2]**` and keywords like `MUST`.",
        "```",
        "**[X-1]** This MUST be ignored.",
        "```",
        "**[B-1]** Names such as `zlib.compressobj()` MUST NOT end the sentence early."));
    assertEquals(List.of("B-1"), ids(doc));
    assertEquals(1, doc.normativeSentences().size());
    assertEquals(
        "Names such as `zlib.compressobj()` MUST NOT end the sentence early.",
        doc.definition("B-1").orElseThrow().sentence());
  }

  @Test
  void reportsNormativeSentencesWithoutId() {
    SpecDocument doc = SpecDocument.parse(String.join("\n",
        "## 6 Commands",
        "- A list item that MUST have an id but has none.",
        "- **[C-1]** A list item that SHOULD be fine.",
        "",
        "| table | MUST |"));
    List<SpecDocument.NormativeSentence> s = doc.normativeSentences();
    assertEquals(3, s.size());
    assertEquals(List.of(), s.get(0).ids());
    assertEquals(List.of("C-1"), s.get(1).ids());
    assertTrue(s.get(2).text().startsWith("| table"));
  }

  @Test
  void appendixSectionsAreLetters() {
    SpecDocument doc = SpecDocument.parse(String.join("\n",
        "## Appendix A Conformance commands",
        "**[CONF-9]** A server MUST do it."));
    assertEquals("A", doc.definition("CONF-9").orElseThrow().section());
  }

  @Test
  void keepsDuplicatesSoTheCatalogTestCanSeeThem() {
    SpecDocument doc = SpecDocument.parse(String.join("\n",
        "## 2 Frames",
        "**[D-1]** One MUST.",
        "",
        "**[D-1]** Two MUST."));
    assertEquals(List.of("D-1", "D-1"), ids(doc));
  }

  @Test
  void loadsTheBundledSpec() {
    SpecDocument doc = SpecDocument.load();
    assertEquals("2.4", doc.definition(Requirement.FRAME_MAX_SIZE).orElseThrow().section());
    assertTrue(doc.markdown().startsWith("# framewire protocol specification"));
  }
}
