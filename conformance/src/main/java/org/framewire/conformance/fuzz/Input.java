package org.framewire.conformance.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameHeader;

/**
 * One client input of a fuzz run: the frames it holds as its headers cut it (SPEC.md §2.1: each
 * 8-byte header, then the payload length it declares), and the bytes after the last whole frame (a
 * partial frame, FRAME-6). Generated, mutated and corpus inputs alike are cut this way, so the
 * shrinker removes whole frames from any of them.
 *
 * @param generated how the input was made, for reports: {@code valid}, {@code KIND/REQ-ID}, {@code
 *     mutated} (the reference's verdict says the rest); a sequence with a second violation appended
 *     keeps the first one's label, as the first decides the reference's verdict
 * @param frames each whole frame's bytes, header included
 * @param trailing bytes after the last whole frame, possibly empty
 */
public record Input(String generated, List<byte[]> frames, byte[] trailing) {

  public Input {
    Objects.requireNonNull(generated, "generated");
    frames = List.copyOf(frames);
    trailing = trailing.clone();
  }

  /** {@code bytes} cut at its frame boundaries. */
  public static Input of(String generated, byte[] bytes) {
    List<byte[]> frames = new ArrayList<>();
    int at = 0;
    while (bytes.length - at >= FrameHeader.SIZE) {
      int end = at + FrameHeader.SIZE + FrameHeader.parse(bytes, at).payloadLength();
      if (end > bytes.length) {
        break;
      }
      frames.add(Arrays.copyOfRange(bytes, at, end));
      at = end;
    }
    return new Input(generated, frames, Arrays.copyOfRange(bytes, at, bytes.length));
  }

  /** Every frame, then the trailing bytes. */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frames.forEach(out::writeBytes);
    out.writeBytes(trailing);
    return out.toByteArray();
  }

  /** This input with only the frames at {@code indices} (in order) and {@code trailing}. */
  public Input keep(List<Integer> indices, byte[] trailing) {
    List<byte[]> kept = new ArrayList<>();
    for (int k : indices) {
      kept.add(frames.get(k));
    }
    return new Input(generated, kept, trailing);
  }

  /** The frames in the notation of SPEC.md §1.4 (a header the notation cannot name is shown in hex). */
  public List<String> notations() {
    List<String> out = new ArrayList<>();
    for (byte[] f : frames) {
      out.add(notation(f));
    }
    return out;
  }

  static String notation(byte[] frame) {
    try {
      FrameHeader h = FrameHeader.parse(frame, 0);
      return new Frame(h, ByteBuffer.wrap(frame, FrameHeader.SIZE, frame.length - FrameHeader.SIZE).slice()).toString();
    } catch (RuntimeException e) {
      return "raw " + HexFormat.of().formatHex(frame);
    }
  }
}
