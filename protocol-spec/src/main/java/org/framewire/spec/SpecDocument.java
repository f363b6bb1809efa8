package org.framewire.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SPEC.md, parsed for its requirement definitions (SPEC.md §1.1).
 *
 * <p>A requirement is defined by a bold marker such as {@code **[FRAME-2]**} at the start of a
 * sentence; the sentence runs to its full stop. Markers inside code spans or fenced code blocks are
 * examples, not definitions. The level of a definition is read from the capitalised keywords of
 * its sentence: {@code MUST NOT}, {@code MUST} or {@code SHOULD} (keywords inside code spans do not
 * count).
 *
 * <p>The conformance suite uses this class to print each requirement's section and sentence next
 * to the cases that test it; {@code RequirementCatalogTest} uses it to keep {@link Requirement} and
 * SPEC.md in step. Instances are immutable.
 */
public final class SpecDocument {

  /** Where the protocol-spec jar holds SPEC.md. */
  public static final String RESOURCE = "org/framewire/spec/SPEC.md";

  private static final Pattern HEADING =
      Pattern.compile("^#{1,6}\\s+(?:Appendix\\s+([A-Z])|(\\d+(?:\\.\\d+)*))\\.?\\s+(.*)$");
  private static final Pattern ANY_HEADING = Pattern.compile("^#{1,6}\\s.*$");
  private static final Pattern LIST_ITEM = Pattern.compile("^\\s*(?:[-*+]|\\d+\\.)\\s+.*$");
  private static final Pattern MARKER = Pattern.compile("\\*\\*\\[([A-Z]+-\\d+)]\\*\\*");
  private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?=\\s|$)");
  private static final Pattern MUST_NOT = Pattern.compile("\\bMUST NOT\\b");
  private static final Pattern MUST = Pattern.compile("\\bMUST\\b(?! NOT\\b)");
  private static final Pattern SHOULD = Pattern.compile("\\bSHOULD\\b");

  /**
   * One requirement definition.
   *
   * @param id the requirement id, e.g. {@code FRAME-2}
   * @param keywords the keyword strengths its sentence uses; exactly one in a well-formed SPEC.md
   * @param section the number of the innermost section holding it, e.g. {@code 2.4} or {@code A}
   * @param sectionTitle that section's title, e.g. {@code Maximum frame size}
   * @param sentence the sentence, without the marker, markdown as written
   */
  public record Definition(
      String id, Set<Requirement.Level> keywords, String section, String sectionTitle, String sentence) {

    public Definition {
      keywords = Collections.unmodifiableSet(keywords.isEmpty()
          ? EnumSet.noneOf(Requirement.Level.class)
          : EnumSet.copyOf(keywords));
    }

    /** The level its sentence states, or empty when it uses no keyword or several strengths. */
    public Optional<Requirement.Level> level() {
      return keywords.size() == 1 ? Optional.of(keywords.iterator().next()) : Optional.empty();
    }
  }

  /**
   * A sentence that uses a normative keyword, wherever it stands.
   *
   * @param section the innermost section number
   * @param text the sentence as written
   * @param ids the ids of the definition markers in it (empty when it has none)
   */
  public record NormativeSentence(String section, String text, List<String> ids) {
    public NormativeSentence {
      ids = List.copyOf(ids);
    }
  }

  private final String markdown;
  private final List<Definition> definitions;
  private final List<NormativeSentence> normativeSentences;

  private SpecDocument(String markdown, List<Definition> definitions, List<NormativeSentence> normative) {
    this.markdown = markdown;
    this.definitions = List.copyOf(definitions);
    this.normativeSentences = List.copyOf(normative);
  }

  /** SPEC.md as bundled in the protocol-spec jar. */
  public static SpecDocument load() {
    ClassLoader loader = SpecDocument.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Parses a SPEC.md text. */
  public static SpecDocument parse(String markdown) {
    List<Definition> defs = new ArrayList<>();
    List<NormativeSentence> normative = new ArrayList<>();
    String section = "";
    String title = "";
    boolean fenced = false;
    StringBuilder block = new StringBuilder();
    for (String line : markdown.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        flush(block, section, title, defs, normative);
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher h = HEADING.matcher(line);
      if (h.matches()) {
        flush(block, section, title, defs, normative);
        section = h.group(1) != null ? h.group(1) : h.group(2);
        title = h.group(3).strip();
        continue;
      }
      if (line.isBlank() || ANY_HEADING.matcher(line).matches() || line.startsWith("|")) {
        flush(block, section, title, defs, normative);
        if (line.startsWith("|")) {
          block.append(line);
          flush(block, section, title, defs, normative);
        }
        continue;
      }
      if (LIST_ITEM.matcher(line).matches()) {
        flush(block, section, title, defs, normative);
      }
      if (block.length() > 0) {
        block.append(' ');
      }
      block.append(line.strip());
    }
    flush(block, section, title, defs, normative);
    return new SpecDocument(markdown, defs, normative);
  }

  /** The whole text of SPEC.md. */
  public String markdown() {
    return markdown;
  }

  /** Every definition in document order, duplicates included. */
  public List<Definition> definitions() {
    return definitions;
  }

  /** The first definition of {@code id}, if SPEC.md defines it. */
  public Optional<Definition> definition(String id) {
    for (Definition d : definitions) {
      if (d.id().equals(id)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** The definition of {@code requirement}, if SPEC.md defines it. */
  public Optional<Definition> definition(Requirement requirement) {
    return definition(requirement.id());
  }

  /** Every sentence outside code that uses MUST, MUST NOT or SHOULD, in document order. */
  public List<NormativeSentence> normativeSentences() {
    return normativeSentences;
  }

  private static void flush(
      StringBuilder block, String section, String title, List<Definition> defs, List<NormativeSentence> normative) {
    if (block.length() == 0) {
      return;
    }
    String text = block.toString();
    block.setLength(0);
    String masked = maskCodeSpans(text);
    int start = 0;
    while (start < masked.length()) {
      Matcher end = SENTENCE_END.matcher(masked);
      int stop = end.find(start) ? end.end() : masked.length();
      String maskedSentence = masked.substring(start, stop);
      String sentence = text.substring(start, stop).strip();
      Set<Requirement.Level> keywords = keywords(maskedSentence);
      List<String> ids = new ArrayList<>();
      Matcher m = MARKER.matcher(maskedSentence);
      while (m.find()) {
        ids.add(m.group(1));
      }
      if (!keywords.isEmpty()) {
        normative.add(new NormativeSentence(section, sentence, ids));
      }
      for (String id : ids) {
        String withoutMarker = MARKER.matcher(sentence).replaceAll("").strip().replaceAll("\\s+", " ");
        defs.add(new Definition(id, keywords, section, title, withoutMarker));
      }
      start = stop;
    }
  }

  private static Set<Requirement.Level> keywords(String maskedSentence) {
    Set<Requirement.Level> levels = EnumSet.noneOf(Requirement.Level.class);
    if (MUST_NOT.matcher(maskedSentence).find()) {
      levels.add(Requirement.Level.MUST_NOT);
    }
    if (MUST.matcher(maskedSentence).find()) {
      levels.add(Requirement.Level.MUST);
    }
    if (SHOULD.matcher(maskedSentence).find()) {
      levels.add(Requirement.Level.SHOULD);
    }
    return levels;
  }

  /** Replaces the content of each {@code `code span`} with filler of the same length. */
  private static String maskCodeSpans(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean inCode = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '`') {
        inCode = !inCode;
        out.append(c);
      } else {
        out.append(inCode ? '_' : c);
      }
    }
    return out.toString();
  }
}
