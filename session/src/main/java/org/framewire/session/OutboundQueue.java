package org.framewire.session;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameEncoder;
import org.framewire.frames.FrameHeader;

/**
 * Frames a session has made and its caller has not yet written, in sending order, with the byte
 * count the caller watches for backpressure (SPEC.md §10, LIMIT-3).
 *
 * <p>Two ways out. {@link #outbound()} lends the bytes: the buffers stay counted here until the
 * caller reports them written ({@link #written(long)}), and a partial write leaves the rest to be
 * lent again — the loop documented on {@link ServerSession}. {@link #pollBuffers()} and {@link
 * #pollFrames()} hand the frames over for good, to a host that counts them itself.
 *
 * <p>Extended by {@link ServerOutput}, so that a server session's output and its queue are one
 * object (one cache line fewer per event, issue 16); the client session holds one as it is.
 */
class OutboundQueue implements Consumer<Frame> {
  /*
   * Both deques are null while empty, made when something is queued or lent: between events a
   * session holds none, so an event on one of thousands of sessions reads no cold deque of its
   * own (a fresh one is in the cache, as the frames it holds are).
   */
  private ArrayDeque<Frame> frames;
  private long bytes;
  /** Buffers lent by {@link #outbound()} with bytes not yet reported written, in order. */
  private ArrayDeque<ByteBuffer> lent;
  private long lentBytes;

  /**
   * Queues {@code frame}: the queue is the frame sink its streams are opened with, itself rather than
   * a method reference, so sending a frame reads no object of its own per session.
   */
  @Override
  public final void accept(Frame frame) {
    add(frame);
  }

  void add(Frame frame) {
    if (frames == null) {
      frames = new ArrayDeque<>(4);
    }
    frames.add(frame);
    bytes += FrameEncoder.encodedSize(frame);
  }

  /** The frame added last, or {@code null}. */
  Frame last() {
    return frames == null ? null : frames.peekLast();
  }

  /** Bytes queued or lent and not yet reported written. */
  long bytes() {
    return bytes + lentBytes;
  }

  /** Whether any byte waits to be written: queued, or lent and not yet reported written. */
  boolean owesBytes() {
    return bytes + lentBytes > 0;
  }

  /**
   * Every byte not yet reported written, in order, as gather buffers: the unwritten rest of what
   * was lent before, then the frames queued since. The buffers stay counted until {@link
   * #written(long)}; write them from the first, as many bytes as the channel takes.
   */
  ByteBuffer[] outbound() {
    if (frames != null) {
      for (ByteBuffer b : takeBuffers()) {
        if (b.hasRemaining()) {
          if (lent == null) {
            lent = new ArrayDeque<>(8);
          }
          lent.add(b);
          lentBytes += b.remaining();
        }
      }
    }
    return lent == null ? new ByteBuffer[0] : lent.toArray(new ByteBuffer[0]);
  }

  /**
   * {@code n} bytes of what {@link #outbound()} lent were written (the count a channel's write
   * returned).
   *
   * @throws IllegalArgumentException when {@code n} is negative or more than was lent
   */
  void written(long n) {
    if (n < 0 || n > lentBytes) {
      throw new IllegalArgumentException(n + " bytes written, but " + lentBytes + " were lent by outbound()");
    }
    lentBytes -= n;
    while (lent != null && !lent.peekFirst().hasRemaining()) {
      lent.pollFirst();
      if (lent.isEmpty()) {
        lent = null;
      }
    }
    if ((lent == null) != (lentBytes == 0)) {
      throw new IllegalArgumentException(n + " bytes reported written disagrees with the lent buffers' positions");
    }
  }

  int size() {
    return frames == null ? 0 : frames.size();
  }

  boolean isEmpty() {
    return frames == null;
  }

  /** Takes every frame. */
  List<Frame> pollFrames() {
    checkNothingLent();
    List<Frame> out = frames == null ? new ArrayList<>() : new ArrayList<>(frames);
    frames = null;
    bytes = 0;
    return out;
  }

  /**
   * Takes every frame as gather-ready buffers: header bytes, then the payload (a view); all the
   * headers share one array.
   */
  ByteBuffer[] pollBuffers() {
    checkNothingLent();
    return takeBuffers();
  }

  private ByteBuffer[] takeBuffers() {
    if (frames == null) {
      return new ByteBuffer[0];
    }
    ByteBuffer[] out = new ByteBuffer[frames.size() * 2];
    byte[] headers = new byte[frames.size() * FrameHeader.SIZE];
    int i = 0;
    for (Frame f : frames) {
      f.header().writeTo(headers, i * FrameHeader.SIZE);
      out[2 * i] = ByteBuffer.wrap(headers, i * FrameHeader.SIZE, FrameHeader.SIZE).slice();
      out[2 * i + 1] = f.payload().duplicate();
      i++;
    }
    frames = null;
    bytes = 0;
    return out;
  }

  /** Taking frames past lent bytes not yet written would reorder the output. */
  private void checkNothingLent() {
    if (lentBytes > 0) {
      throw new IllegalStateException(lentBytes + " bytes lent by outbound() are not yet written: "
          + "a host uses either outbound() and written(n), or the poll methods, not both");
    }
  }
}
