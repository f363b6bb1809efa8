package org.framewire.streams;

import java.nio.ByteBuffer;
import org.framewire.frames.FrameType;

/**
 * Turns one response's bytes into command-response frames on an {@link OutboundStream} (SPEC.md
 * §6.3, §4.3): Mercurial's {@code bufferingcommandresponseemitter} together with {@code
 * createcommandresponseokframe} and {@code createcommandresponseeosframes}, frame for frame, so
 * that given the same response objects it produces byte-identical frames.
 *
 * <ol>
 *   <li>{@link #begin(ByteBuffer)}: the status map ({@code CMD-7}) goes through the encoder and
 *       into a frame of its own — none when the encoder holds its output back — so the receiver
 *       learns the status at once.
 *   <li>{@link #write(ByteBuffer)}: each chunk goes through the encoder; its output is
 *       <em>data</em>. Data longer than the maximum frame size is split into frames of that size
 *       (after the buffered data goes out); data that fits beside the buffered data is buffered;
 *       otherwise the buffered data goes out as a frame and the new data is buffered. After every
 *       2^24 input bytes the encoder is flushed and the current frame ends ({@code ENC-11}).
 *   <li>{@link #flush()}: a flush point the application asks for, so that the peer can decode
 *       every value written so far: the buffered data goes out and the encoder is flushed ({@code
 *       ENC-4}), its output in frames.
 *   <li>{@link #writePreEncoded(ByteBuffer)}: complete members encoded elsewhere pass through
 *       untouched, after the encoder's current member is ended.
 *   <li>{@link #end(boolean)}: the buffered data goes out, then the encoder is flushed ({@code
 *       ENC-4}; finished instead when the stream ends) and its output split into frames, the last
 *       one flagged {@code eos} ({@code CMD-8}). An empty final frame does not carry {@code
 *       encoded}. {@link #fail} ends a response cut short with an error-response instead.
 * </ol>
 *
 * <p>Copies and buffers: bytes are gathered in work buffers of one maximum-size frame, borrowed
 * through the stream from the process-wide {@link WorkBufferPool} and given back when the response
 * ends, so that a response does not allocate one of its own and an idle stream holds none (measured by the benchmarks module: allocating and zeroing a 32 KiB buffer per ~1 KB
 * response cost more than compressing it). A frame that fills a work buffer takes the buffer
 * itself; a shorter frame gets an exact-size copy. Encoder output is thus copied at most twice
 * (when it joins buffered data, and into a short frame); bytes on a stream without encoder context
 * ({@code identity} or no profile) once or twice; the emitter keeps no reference to a caller's
 * chunk. Pre-encoded members are not copied at all.
 *
 * <p>On a stream with an encoder context, a response holds the context from {@link #begin} to its
 * end: another response on the same stream cannot begin meanwhile ({@code ENC-4}: messages do not
 * interleave inside the encoding). Confined to one thread at a time, like its stream.
 *
 * <p>A client's command data (SPEC.md §6.2) is a message of the same shape — frames flagged {@code
 * continuation} until the one flagged {@code eos}, under the same encoder rules ({@code ENC-4},
 * {@code ENC-11}) — so {@link RequestEmitter} sends it through an emitter of {@code command-data}
 * frames, begun with no status.
 */
public final class ResponseEmitter {

  private enum State { NEW, OPEN, ENDED }

  private final OutboundStream stream;
  private final int requestId;
  /** The type of the frames: command-response, or command-data for a client's data. */
  private final FrameType type;
  private final int max;

  /** Buffered data waiting to become a frame; write mode. Null when none is allocated. */
  private ByteBuffer held;
  /** Spare buffer the encoder writes into before its output is sized; write mode, empty. */
  private ByteBuffer spare;
  private State state = State.NEW;
  /** Bytes were written since the last flush point and may still be buffered here or in the encoder. */
  private boolean unflushed;

  /** An emitter for the response to {@code requestId}, in frames of at most the stream's maximum frame size. */
  public ResponseEmitter(OutboundStream stream, int requestId) {
    this(stream, requestId, FrameType.COMMAND_RESPONSE);
  }

  /** An emitter of {@code type} frames: command-response, or command-data ({@link RequestEmitter}). */
  ResponseEmitter(OutboundStream stream, int requestId, FrameType type) {
    if (type != FrameType.COMMAND_RESPONSE && type != FrameType.COMMAND_DATA) {
      throw new IllegalArgumentException("an emitter sends command-response or command-data frames, not " + type);
    }
    this.stream = stream;
    this.requestId = requestId;
    this.type = type;
    this.max = stream.maxFrameSize();
  }

  /** The request this emitter answers. */
  public int requestId() {
    return requestId;
  }

  /**
   * Starts the response with its first value, the CBOR status map ({@code CMD-7}), in a frame of
   * its own — or none, when the encoder holds its output back. Consumes {@code status}.
   *
   * @throws IllegalStateException when already begun, or when another response holds the
   *     stream's encoder
   */
  public void begin(ByteBuffer status) {
    if (state != State.NEW) {
      throw new IllegalStateException("response to request " + requestId + " already begun");
    }
    if (stream.transforms()) {
      stream.claim(this);
    }
    state = State.OPEN;
    unflushed = true;
    if (!stream.transforms()) {
      splitCopies(status);
      return;
    }
    ByteBuffer cur = buffer();
    while (true) {
      stream.encode(status, cur);
      if (cur.hasRemaining()) {
        break;
      }
      emit(cur, FrameType.FLAG_CONTINUATION, true);
      cur = newBuffer();
    }
    keepOrEmit(cur);
  }

  /** Adds the next bytes of the response (CBOR of its values); consumes {@code chunk}. */
  public void write(ByteBuffer chunk) {
    requireOpen();
    if (!chunk.hasRemaining()) {
      return;
    }
    unflushed = true;
    if (!stream.transforms()) {
      int len = chunk.remaining();
      if (len > max) {
        flushHeld();
        splitCopies(chunk);
      } else {
        if (heldBytes() + len >= max) {
          flushHeld();
        }
        heldBuffer().put(chunk);
      }
      return;
    }
    while (chunk.remaining() > stream.inputAllowance()) {
      int n = stream.inputAllowance();
      ByteBuffer part = chunk.slice();
      part.limit(n);
      chunk.position(chunk.position() + n);
      writeEncoded(part);
      flushPoint();
    }
    writeEncoded(chunk);
  }

  /**
   * A flush point the application asks for: the buffered data goes out in a frame now and, on a
   * stream with an encoder, the encoder is flushed ({@code ENC-4}) and its output sent, so that the
   * peer can decode every byte written so far. It costs a frame and, encoded, some compression
   * (docs/benchmarks.md); a no-op when nothing was written since the last flush point.
   */
  public void flush() {
    requireOpen();
    if (!unflushed) {
      return;
    }
    unflushed = false;
    if (stream.transforms()) {
      flushPoint();
    } else {
      flushHeld();
    }
  }

  /** Whether bytes were written since the last flush point (they may be held back). */
  public boolean hasUnflushed() {
    return state == State.OPEN && unflushed;
  }

  /** Mercurial's rule for one chunk's encoder output: buffer it, or send it in frames. */
  private void writeEncoded(ByteBuffer chunk) {
    if (!chunk.hasRemaining()) {
      return;
    }
    ByteBuffer out = buffer();
    stream.encode(chunk, out);
    if (out.hasRemaining()) {
      // All of the chunk is consumed and its output is under one frame.
      hold(out);
      return;
    }
    // One full frame of output so far: is there more?
    ByteBuffer next = newBuffer();
    stream.encode(chunk, next);
    if (next.position() == 0) {
      hold(out);
      spare = next;
      return;
    }
    // More than a frame: buffered data first, then the output in frames of exactly max.
    flushHeld();
    emit(out, FrameType.FLAG_CONTINUATION, true);
    ByteBuffer cur = next;
    while (!cur.hasRemaining()) {
      emit(cur, FrameType.FLAG_CONTINUATION, true);
      cur = newBuffer();
      stream.encode(chunk, cur);
    }
    keepOrEmit(cur);
  }

  /** A flush point inside the response ({@code ENC-11}): buffered data, then the flush output, each in frames of its own. */
  private void flushPoint() {
    flushHeld();
    drainIntoFrames(false);
  }

  /**
   * Adds complete members of the stream's encoding made elsewhere (a cache, say), passed through
   * in frames that are views of {@code member} — not copied, so {@code member} must not change
   * until those frames are written. Buffered data goes out first and the encoder's current member
   * is ended, so the peer's decoder meets the spliced members at a member boundary. On a stream
   * without profile the bytes are plain response bytes sent raw. Consumes {@code member}.
   *
   * @throws IllegalStateException on a stream whose profile has no members (zlib)
   */
  public void writePreEncoded(ByteBuffer member) {
    requireOpen();
    if (!stream.acceptsPreEncoded()) {
      throw new IllegalStateException(
          stream.profile().orElseThrow().name() + " streams carry no pre-encoded members (SPEC.md 4.2)");
    }
    flushHeld();
    if (stream.transforms() && !stream.atMemberBoundary()) {
      drainIntoFrames(true);
    }
    while (member.hasRemaining()) {
      int n = Math.min(max, member.remaining());
      ByteBuffer part = member.slice();
      part.limit(n);
      member.position(member.position() + n);
      stream.sendPreEncoded(requestId, type, FrameType.FLAG_CONTINUATION, part);
    }
  }

  /**
   * Ends the response: sends the buffered data, flushes the encoder and sends the final frames,
   * the last flagged {@code eos}.
   *
   * @param endStream whether the stream ends with this response: the encoder's member is
   *     finished rather than flushed, and the last frame carries {@code stream-end}
   */
  public void end(boolean endStream) {
    requireOpen();
    state = State.ENDED;
    flushHeld();
    if (!stream.transforms()) {
      giveBack();
      stream.send(requestId, type, FrameType.FLAG_EOS, ByteBuffer.allocate(0), false, endStream);
      return;
    }
    ByteBuffer cur = buffer();
    boolean done = endStream ? stream.endMember(cur) : stream.flush(cur);
    while (!done) {
      ByteBuffer next = newBuffer();
      done = endStream ? stream.endMember(next) : stream.flush(next);
      if (next.position() == 0) {
        break;
      }
      emit(cur, FrameType.FLAG_CONTINUATION, true);
      cur = next;
    }
    ByteBuffer last = payload(cur);
    stream.release(this);
    giveBack();
    stream.send(requestId, type, FrameType.FLAG_EOS, last, last.hasRemaining(), endStream);
  }

  /**
   * Ends a response cut short (SPEC.md §7.1, {@code CMD-8}, {@code ENC-4}): the buffered data
   * and the encoder's flush output go out in command-response frames with {@code continuation},
   * then the error-response frame, which never carries {@code encoded} ({@code STREAM-7}).
   *
   * @param errorResponse the CBOR payload of the error-response frame (type {@code server})
   * @param endStream whether the error-response also ends the stream
   * @throws IllegalStateException for command data: only a server ends a message with an error
   */
  public void fail(ByteBuffer errorResponse, boolean endStream) {
    if (type != FrameType.COMMAND_RESPONSE) {
      throw new IllegalStateException("command data ends with eos, never with an error-response");
    }
    requireOpen();
    state = State.ENDED;
    flushHeld();
    if (stream.transforms()) {
      drainIntoFrames(false);
      stream.release(this);
    }
    giveBack();
    stream.send(requestId, FrameType.ERROR_RESPONSE, 0, errorResponse, false, endStream);
  }

  /** Flushes the encoder (or ends its member) and sends all of the output in continuation frames. */
  private void drainIntoFrames(boolean endMember) {
    ByteBuffer cur = buffer();
    while (!(endMember ? stream.endMember(cur) : stream.flush(cur))) {
      emit(cur, FrameType.FLAG_CONTINUATION, true);
      cur = newBuffer();
    }
    keepOrEmit(cur);
  }

  /** Sends {@code cur} as a frame when it holds bytes, else keeps it as the spare buffer. */
  private void keepOrEmit(ByteBuffer cur) {
    if (cur.position() > 0) {
      emit(cur, FrameType.FLAG_CONTINUATION, true);
    } else {
      spare = cur;
    }
  }

  /** Places {@code out}'s data (at most one frame) per Mercurial's buffering rule. */
  private void hold(ByteBuffer out) {
    int len = out.position();
    if (len == 0) {
      spare = out;
      return;
    }
    if (held != null && held.position() + len < max) {
      out.flip();
      held.put(out);
      out.clear();
      spare = out;
      return;
    }
    flushHeld();
    held = out;
  }

  /** Sends each slice of {@code src} of up to max bytes as a frame of its own, copying it once. */
  private void splitCopies(ByteBuffer src) {
    while (src.hasRemaining()) {
      int n = Math.min(max, src.remaining());
      ByteBuffer payload = ByteBuffer.allocate(n);
      ByteBuffer part = src.slice();
      part.limit(n);
      payload.put(part);
      src.position(src.position() + n);
      emit(payload, FrameType.FLAG_CONTINUATION, stream.encodes());
    }
  }

  private void flushHeld() {
    if (held != null && held.position() > 0) {
      ByteBuffer h = held;
      held = null;
      emit(h, FrameType.FLAG_CONTINUATION, stream.encodes());
    }
  }

  private int heldBytes() {
    return held == null ? 0 : held.position();
  }

  private ByteBuffer heldBuffer() {
    if (held == null) {
      held = buffer();
    }
    return held;
  }

  /** The spare buffer if there is one, else a new one; empty, write mode. */
  private ByteBuffer buffer() {
    ByteBuffer b = spare;
    if (b != null) {
      spare = null;
      return b;
    }
    return newBuffer();
  }

  private ByteBuffer newBuffer() {
    return stream.borrowBuffer();
  }

  /** Sends {@code buf}'s bytes (write mode) as a command-response frame. */
  private void emit(ByteBuffer buf, int flags, boolean encoded) {
    stream.send(requestId, type, flags, payload(buf), encoded, false);
  }

  /**
   * The frame payload for {@code buf}'s bytes (write mode): {@code buf} itself, flipped, when it is
   * full; else an exact-size copy, and {@code buf} is kept for reuse.
   */
  private ByteBuffer payload(ByteBuffer buf) {
    if (!buf.hasRemaining()) {
      return buf.flip();
    }
    ByteBuffer copy = ByteBuffer.wrap(java.util.Arrays.copyOf(buf.array(), buf.position()));
    if (spare == null) {
      spare = buf.clear();
    } else {
      stream.returnBuffer(buf);
    }
    return copy;
  }

  /** Gives the work buffers back to the stream once the response has no further use for them. */
  private void giveBack() {
    stream.returnBuffer(spare);
    spare = null;
    if (held != null && held.position() == 0) {
      stream.returnBuffer(held);
      held = null;
    }
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException(
          "response to request " + requestId + (state == State.NEW ? " not begun" : " already ended"));
    }
  }
}
