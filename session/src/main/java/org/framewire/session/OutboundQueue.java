package org.framewire.session;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameEncoder;
import org.framewire.frames.FrameHeader;

/**
 * Frames a session has made and its caller has not yet taken, in sending order, with the byte
 * count the caller watches for backpressure. Taking them hands over the frames; the queue keeps
 * no reference.
 */
final class OutboundQueue {
  private ArrayDeque<Frame> frames = new ArrayDeque<>();
  private long bytes;

  void add(Frame frame) {
    frames.add(frame);
    bytes += FrameEncoder.encodedSize(frame);
  }

  /** The frame added last, or {@code null}. */
  Frame last() {
    return frames.peekLast();
  }

  long bytes() {
    return bytes;
  }

  int size() {
    return frames.size();
  }

  boolean isEmpty() {
    return frames.isEmpty();
  }

  /** Takes every frame. */
  List<Frame> pollFrames() {
    List<Frame> out = new ArrayList<>(frames);
    frames = new ArrayDeque<>();
    bytes = 0;
    return out;
  }

  /**
   * Takes every frame as gather-ready buffers: header bytes, then the payload (a view); all the
   * headers share one array.
   */
  ByteBuffer[] pollBuffers() {
    ByteBuffer[] out = new ByteBuffer[frames.size() * 2];
    byte[] headers = new byte[frames.size() * FrameHeader.SIZE];
    int i = 0;
    for (Frame f : frames) {
      f.header().writeTo(headers, i * FrameHeader.SIZE);
      out[2 * i] = ByteBuffer.wrap(headers, i * FrameHeader.SIZE, FrameHeader.SIZE).slice();
      out[2 * i + 1] = f.payload().duplicate();
      i++;
    }
    frames = new ArrayDeque<>();
    bytes = 0;
    return out;
  }
}
