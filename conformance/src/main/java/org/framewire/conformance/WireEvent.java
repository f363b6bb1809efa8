package org.framewire.conformance;

/**
 * One line of a case's wire log: a frame in frame notation (SPEC.md §1.4), or a transport event.
 *
 * @param direction who sent it, as seen from the suite
 * @param atMillis milliseconds since the case started
 * @param text the frame in notation, or a description of the event ({@code closed}, {@code 3 bytes
 *     not forming a frame: 01 02 03})
 */
public record WireEvent(Direction direction, long atMillis, String text) {

  /** Who an event came from. */
  public enum Direction {
    /** The suite sent it to the target. */
    SENT(">"),
    /** The target sent it to the suite. */
    RECEIVED("<"),
    /** Neither: a transport event or a note (connection closed, timeout, ...). */
    NOTE("#");

    private final String arrow;

    Direction(String arrow) {
      this.arrow = arrow;
    }

    /** {@code >}, {@code <} or {@code #}. */
    public String arrow() {
      return arrow;
    }
  }

  /** The line as logs print it: {@code > 1 1 stream-begin command-request new cbor:{...}}. */
  @Override
  public String toString() {
    return direction.arrow + " " + text;
  }
}
