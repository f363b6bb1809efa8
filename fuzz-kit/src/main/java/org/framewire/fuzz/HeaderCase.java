package org.framewire.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.spec.Requirement;

/**
 * One frame header with some of its fields pushed to or past their bounds, and what a frame decoder
 * must make of it (SPEC.md §2.5).
 *
 * <p>{@link #bytes()} is what to feed a decoder: the header followed by its whole payload when the
 * length is within the receiver's maximum frame size, the header alone otherwise — a decoder must
 * reject an over-long frame from its header, before any payload arrives (FRAME-2), so a decoder
 * that waits for the payload instead fails the property by reporting nothing.
 *
 * @param header the header
 * @param payload the payload, {@code header.payloadLength()} bytes when the length is within
 *     {@code maxFrameSize}, else empty
 * @param maxFrameSize the receiver's maximum frame size the case was made for
 * @param pushed the fields pushed to or past a bound
 * @param breaks every header rule the header breaks, in the order of FRAME-10 (FRAME-2, FRAME-3,
 *     FRAME-5, FRAME-4); empty for a valid header
 */
public record HeaderCase(
    FrameHeader header, byte[] payload, int maxFrameSize, Set<HeaderField> pushed, List<Requirement> breaks) {

  public HeaderCase {
    pushed = Set.copyOf(pushed);
    breaks = List.copyOf(breaks);
  }

  /**
   * A case for {@code header}; its rule breaks are computed from the header.
   *
   * @param payload the payload bytes; ignored (made empty) when the length exceeds {@code
   *     maxFrameSize}
   */
  public static HeaderCase of(FrameHeader header, byte[] payload, int maxFrameSize, Set<HeaderField> pushed) {
    List<Requirement> breaks = headerViolations(header, maxFrameSize);
    boolean tooLong = header.payloadLength() > maxFrameSize;
    if (!tooLong && payload.length != header.payloadLength()) {
      throw new IllegalArgumentException(
          "payload has " + payload.length + " bytes, header says " + header.payloadLength());
    }
    return new HeaderCase(header, tooLong ? new byte[0] : payload, maxFrameSize, pushed, breaks);
  }

  /**
   * The header rules of SPEC.md §2.5 that {@code header} breaks for a receiver whose maximum frame
   * size is {@code maxFrameSize}, in the order a receiver must report them (FRAME-10). For a reserved
   * type every flag bit is undefined.
   */
  public static List<Requirement> headerViolations(FrameHeader header, int maxFrameSize) {
    List<Requirement> out = new ArrayList<>(4);
    if (header.payloadLength() > maxFrameSize) {
      out.add(Requirement.FRAME_MAX_SIZE);
    }
    FrameType type = header.type();
    if (type == null) {
      out.add(Requirement.FRAME_TYPE_KNOWN);
    }
    if ((header.streamFlags() & ~StreamFlags.DEFINED) != 0) {
      out.add(Requirement.FRAME_STREAM_FLAGS_DEFINED);
    }
    int defined = type == null ? 0 : type.definedFlags();
    if ((header.flags() & ~defined) != 0) {
      out.add(Requirement.FRAME_FLAGS_DEFINED);
    }
    return out;
  }

  /** The requirement a decoder must report (the first of {@link #breaks()}), or empty to accept. */
  public Optional<Requirement> expected() {
    return breaks.isEmpty() ? Optional.empty() : Optional.of(breaks.get(0));
  }

  /** The bytes to feed a decoder: the header, then the payload (absent when over-long). */
  public byte[] bytes() {
    byte[] out = new byte[FrameHeader.SIZE + payload.length];
    header.writeTo(out, 0);
    System.arraycopy(payload, 0, out, FrameHeader.SIZE, payload.length);
    return out;
  }

  @Override
  public String toString() {
    return "HeaderCase[" + header + ", pushed " + pushed + ", "
        + (breaks.isEmpty() ? "valid" : "breaks " + breaks) + ", max " + maxFrameSize + "]";
  }
}
