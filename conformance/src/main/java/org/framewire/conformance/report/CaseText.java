package org.framewire.conformance.report;

import java.util.ArrayList;
import java.util.List;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.WireEvent;

/**
 * A case's detail and wire log as the lines a person reads: the terminal's failing-case block
 * ({@link TerminalReporter}) and the JUnit entry point's assertion message ({@link
 * org.framewire.conformance.junit.ConformanceSuite}) print the same text. The detail says what the
 * target did and lists the allowed outcomes, values in the frame/CBOR notation of the wire log
 * (SPEC.md §1.4); the wire log is in frame notation. Every line is made printable and capped at
 * {@link Text#MAX_LINE} characters; a long wire log keeps its first {@link #WIRE_HEAD} and last
 * {@link #WIRE_TAIL} events; a whole message is capped at {@link #MAX_MESSAGE} characters. Each cut
 * says how much it left out.
 */
public final class CaseText {

  /** A wire log longer than {@code WIRE_HEAD + WIRE_TAIL} events is shown by its first and last events. */
  static final int WIRE_HEAD = 40;

  static final int WIRE_TAIL = 20;

  /** The longest {@link #message} gets; a longer one is cut, saying how many characters were left out. */
  public static final int MAX_MESSAGE = 16_000;

  private CaseText() {}

  /** The case's detail, one printable capped line per non-empty line of it. */
  public static List<String> detailLines(CaseReport c) {
    List<String> out = new ArrayList<>();
    for (String line : Text.printable(c.detail()).split("\n", -1)) {
      if (!line.isEmpty()) {
        out.add(Text.capped(line));
      }
    }
    return out;
  }

  /**
   * The case's wire log, one printable capped line per event; with {@code whole} false a log longer
   * than {@code WIRE_HEAD + WIRE_TAIL} events is cut in the middle, saying how many events were left out.
   */
  public static List<String> wireLines(CaseReport c, boolean whole) {
    List<WireEvent> wire = c.wire();
    boolean cut = !whole && wire.size() > WIRE_HEAD + WIRE_TAIL;
    List<String> out = new ArrayList<>();
    for (int i = 0; i < wire.size(); i++) {
      if (cut && i == WIRE_HEAD) {
        out.add("... " + (wire.size() - WIRE_HEAD - WIRE_TAIL) + " more wire events (--verbose or the JSON report has them all)");
        i = wire.size() - WIRE_TAIL;
      }
      out.add(Text.capped(Text.printable(wire.get(i).toString())));
    }
    return out;
  }

  /**
   * A failing case as one message: {@code id: } and the detail, then the wire log (cut as {@link
   * #wireLines} does), then the repro command, the whole at most {@link #MAX_MESSAGE} characters.
   */
  public static String message(CaseReport c) {
    List<String> lines = new ArrayList<>();
    List<String> detail = detailLines(c);
    lines.add(Text.printable(c.id()) + ": " + (detail.isEmpty() ? c.grade().label() : detail.get(0)));
    detail.stream().skip(1).map(l -> "  " + l).forEach(lines::add);
    List<String> wire = wireLines(c, false);
    if (!wire.isEmpty()) {
      lines.add("wire log:");
      wire.stream().map(l -> "  " + l).forEach(lines::add);
    }
    if (c.repro() != null && !c.repro().isEmpty()) {
      lines.add("repro: " + Text.printable(c.repro()));
    }
    return cut(String.join("\n", lines), MAX_MESSAGE);
  }

  /**
   * The text, or its first {@code max} characters followed by {@code ... (N of M characters cut)}:
   * the one way every report caps a value, a line or a message.
   */
  public static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    return text.substring(0, max) + "... (" + (text.length() - max) + " of " + text.length() + " characters cut)";
  }
}
