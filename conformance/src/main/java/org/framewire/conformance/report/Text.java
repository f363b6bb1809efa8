package org.framewire.conformance.report;

/**
 * Text helpers the report writers share: everything a target sent may hold markup characters,
 * control bytes or lone surrogates, and every writer must show it without breaking its format.
 */
final class Text {

  private Text() {}

  /**
   * The text with control characters (C0 other than tab and newline, DEL, C1), lone surrogates and U+FFFE/U+FFFF
   * replaced by {@code \xNN} / {@code \\uNNNN} escapes, so it is legal in XML 1.0 and printable on a
   * terminal.
   */
  static String printable(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\t' || c == '\n') {
        b.append(c);
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {  // C0, DEL and C1 (0x9b is a terminal's CSI)
        b.append(String.format("\\x%02x", (int) c));
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c) || c == 0xfffe || c == 0xffff) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The longest line a terminal report prints; a longer one is cut, saying how long it was. */
  static final int MAX_LINE = 1000;

  /** The line, or its first {@link #MAX_LINE} characters and how many were cut ({@link CaseText#cut}). */
  static String capped(String line) {
    return CaseText.cut(line, MAX_LINE);
  }

  /** {@link #printable} text with {@code & < > " '} escaped for XML and HTML text and attributes. */
  static String markup(String s) {
    String p = printable(s);
    StringBuilder b = new StringBuilder(p.length() + 16);
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** The run's cases' requirement ids joined by spaces, such as {@code FRAME-2 FRAME-3}. */
  static String requirementIds(org.framewire.conformance.CaseReport c) {
    StringBuilder b = new StringBuilder();
    for (var r : c.requirements()) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(r.id());
    }
    return b.toString();
  }

  /** The name a case goes by in JUnit and summaries: main requirement id, a space, the case id. */
  static String caseName(org.framewire.conformance.CaseReport c) {
    return c.requirements().isEmpty() ? c.id() : c.requirements().get(0).id() + " " + c.id();
  }
}
