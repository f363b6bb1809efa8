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

  /** The longest payload a wire log shows whole; a longer one shows its first {@link #HEAD_BYTES}. */
  public static final int MAX_WHOLE_PAYLOAD = 1024;

  /** How much of a long payload a wire log shows. */
  public static final int HEAD_BYTES = 64;

  /**
   * A frame as a wire log shows it: frame notation (SPEC.md §1.4), a payload over {@link
   * #MAX_WHOLE_PAYLOAD} bytes by its first {@link #HEAD_BYTES} bytes and its length, such as {@code
   * 1 2 0 command-response continuation \x00\x00...... (65535 payload bytes)}.
   */
  public static String notation(org.framewire.frames.Frame f) {
    int n = f.payload().remaining();
    if (n <= MAX_WHOLE_PAYLOAD) {
      return org.framewire.frames.FrameNotation.format(f);
    }
    byte[] head = new byte[HEAD_BYTES];
    f.payload().duplicate().get(head);
    org.framewire.frames.Frame cut = new org.framewire.frames.Frame(org.framewire.frames.FrameHeader.of(head.length,
        f.requestId(), f.streamId(), f.streamFlags(), f.type(), f.flags()), java.nio.ByteBuffer.wrap(head));
    return org.framewire.frames.FrameNotation.format(cut) + "... (" + n + " payload bytes)";
  }

  /** The line as logs print it: {@code > 1 1 stream-begin command-request new cbor:{...}}. */
  @Override
  public String toString() {
    return direction.arrow + " " + text;
  }
}
