package org.framewire.frames;

import org.framewire.spec.ProtocolException;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.framewire.spec.Requirement;

/**
 * Incremental, sans-I/O frame decoder (SPEC.md §2, §2.4, §2.5): bytes in, {@link Frame}s out. It
 * never reads a socket, never starts a thread and never blocks.
 *
 * <h2>Feeding and taking frames</h2>
 *
 * <pre>{@code
 * decoder.feed(buffer);                  // the buffer is queued by reference, not copied
 * for (Frame f; (f = decoder.next()) != null; ) {
 *   handle(f);                           // f may be a view into buffer: see below
 * }
 * // next() returned null: every fed byte was taken; buffer has no remaining bytes
 * // and may be cleared and refilled (once the views handed out are no longer needed)
 * ...
 * decoder.endOfInput();                  // the peer closed: FRAME-6 if it stopped mid-frame
 * }</pre>
 *
 * <p>{@link #feed(ByteBuffer)} queues the buffer's remaining bytes without copying them or touching
 * the buffer. Each {@link #next()} consumes bytes from the queued buffers by advancing their
 * positions, exactly as far as it has used them. Until {@code next()} has returned {@code null},
 * the caller must not modify, compact or refill a buffer it has fed. When {@code next()} returns
 * {@code null}, every queued buffer has been consumed to its limit and released: the bytes of a
 * frame that is not yet complete have been copied into the decoder, and the caller may reuse its
 * buffers.
 *
 * <h2>Zero copy, and how long a frame stays valid</h2>
 *
 * <p>When one fed buffer holds a whole frame's payload, the frame's {@link Frame#payload()} is a
 * read-only <em>view</em> of that buffer's bytes: nothing is copied. Such a view reads whatever the
 * buffer holds at that moment, so it is valid only until the caller modifies that region of its
 * buffer (refills it, compacts it, or writes to it through any other view); call {@link
 * Frame#copy()} to keep a frame beyond that. Only a payload split across two or more fed buffers
 * is assembled into an array the decoder allocates for that frame alone, once, at the length the
 * header declares (already checked against the maximum frame size). That array is handed over
 * with the frame and never reused: such frames stay valid for ever. So every payload byte is copied
 * at most once, and a header at most once (into an 8-byte scratch, only when it is split).
 *
 * <h2>Checks</h2>
 *
 * <p>The header is checked the moment its 8 bytes are available, before any of the payload is
 * buffered, in this order:
 *
 * <ol>
 *   <li>{@code FRAME-2}: the payload length exceeds {@link Options#maxFrameSize()} (§2.4);
 *   <li>{@code FRAME-3}: the frame type code is reserved (0, 4, 10 to 15) (§2.2);
 *   <li>{@code FRAME-5}: a stream flag bit other than begin, end and encoded is set (§3.2);
 *   <li>{@code FRAME-4}: a frame flag bit the type does not define is set (§2.3).
 * </ol>
 *
 * <p>Checks 2 to 4 are skipped when {@link Options#validateTypesAndFlags()} is false, for tooling
 * that shows whatever a peer sent. {@link #endOfInput()} reports {@code FRAME-6} when the byte
 * stream ends inside a frame (§2.5). Any failure is sticky: once a {@link ProtocolException} was
 * thrown, every later call throws one naming the same {@link Requirement}, and the decoder holds
 * no input any more.
 *
 * <p>Each input byte is looked at a bounded number of times however the input is split, so decoding
 * is linear in the input. Not thread-safe: one decoder serves one connection's inbound bytes.
 *
 * <p>Not final, so that a session's input path can be its decoder rather than hold one: with
 * thousands of connections under one loop, every object a frame's way reads is a cache miss of its
 * own (issue 16, docs/benchmarks.md "Where the cost turns"). Its methods are final; a subclass adds
 * state and checks around them, it does not change how bytes become frames.
 */
public class FrameDecoder {

  /**
   * The default maximum payload length a receiver accepts: 65535 bytes, the largest length that
   * fits two of the three length bytes. Mercurial's senders never exceed 32768 (SPEC.md §2.4).
   */
  public static final int DEFAULT_MAX_FRAME_SIZE = 0xFFFF;

  /**
   * Decoder settings.
   *
   * @param maxFrameSize the largest payload accepted, 0 to {@link FrameHeader#MAX_PAYLOAD_LENGTH};
   *     a longer frame violates {@code FRAME-2} and is rejected from its header alone
   * @param validateTypesAndFlags whether reserved frame types ({@code FRAME-3}), undefined stream
   *     flags ({@code FRAME-5}) and undefined frame flags ({@code FRAME-4}) are rejected; turn off
   *     only for tooling that must show malformed frames as they are
   */
  public record Options(int maxFrameSize, boolean validateTypesAndFlags) {
    /** {@link #DEFAULT_MAX_FRAME_SIZE}, with validation. */
    public static final Options DEFAULTS = new Options(DEFAULT_MAX_FRAME_SIZE, true);

    public Options {
      if (maxFrameSize < 0 || maxFrameSize > FrameHeader.MAX_PAYLOAD_LENGTH) {
        throw new IllegalArgumentException(
            "maxFrameSize " + maxFrameSize + " outside 0.." + FrameHeader.MAX_PAYLOAD_LENGTH);
      }
    }

    public Options withMaxFrameSize(int max) {
      // The same options when nothing changes: sessions built with the default then share one
      // object, which every frame reads, instead of holding a cold copy each.
      return max == maxFrameSize ? this : new Options(max, validateTypesAndFlags);
    }

    public Options withValidateTypesAndFlags(boolean validate) {
      return new Options(maxFrameSize, validate);
    }

    /**
     * The one header check: the requirement a header ({@linkplain FrameHeader#pack packed}) breaks
     * under these options, or {@code null} when it passes. The checks of SPEC.md §2.4, §2.2, §3.2
     * and §2.3, in the order the class comment lists; the decoder's throwing check and its
     * allocation-free push path both derive from it.
     */
    public Requirement violation(long header) {
      if (FrameHeader.lengthOf(header) > maxFrameSize) {
        return Requirement.FRAME_MAX_SIZE;
      }
      if (!validateTypesAndFlags) {
        return null;
      }
      FrameType type = FrameType.fromCode(FrameHeader.typeCodeOf(header));
      if (type == null) {
        return Requirement.FRAME_TYPE_KNOWN;
      }
      if ((FrameHeader.streamFlagsOf(header) & ~StreamFlags.DEFINED) != 0) {
        return Requirement.FRAME_STREAM_FLAGS_DEFINED;
      }
      if ((FrameHeader.flagsOf(header) & ~type.definedFlags()) != 0) {
        return Requirement.FRAME_FLAGS_DEFINED;
      }
      return null;
    }
  }

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private final Options options;
  /**
   * The fed buffers after {@link #head} not yet consumed, oldest first (the caller's own objects);
   * null until a buffer is fed while another is still unconsumed, which a reader that feeds what it
   * read and decodes it at once never does: then an event on one of thousands of connections reads
   * no deque of its own.
   */
  private ArrayDeque<ByteBuffer> more;
  /**
   * A read-only, little-endian duplicate of the first fed buffer ({@link #viewOf}), made once per
   * fed buffer: payload views are sliced from it (one object per frame, already read-only), and a
   * whole header is one 8-byte read.
   */
  private ByteBuffer view;
  /**
   * A read-only, big-endian duplicate of the same fed buffer, handed to {@link FrameSink}s as the
   * payload of each frame by moving its position and limit: reused, so a frame costs no object.
   * Made by the first {@link #decode} of the buffer: a reader that only calls {@link #next()} never
   * touches one.
   */
  private ByteBuffer sinkView;
  /** The fed buffer {@link #view} duplicates; kept after it was consumed, for reuse. */
  private ByteBuffer viewOf;
  /** The first fed buffer not yet consumed, or null when every fed byte was consumed. */
  private ByteBuffer head;
  /**
   * The bytes of a header split across fed buffers, little-endian (the first byte lowest), {@link
   * #headerFilled} of them so far: a field, not an array of its own per connection.
   */
  private long headerBits;
  private int headerFilled;
  /** The checked header whose payload is awaited, or null while reading a header. */
  private FrameHeader header;
  /** The payload being assembled from several buffers, or null. */
  private byte[] assembly;
  private int assembled;
  private ProtocolException failure;
  private boolean ended;

  /** A decoder with {@link Options#DEFAULTS}. */
  public FrameDecoder() {
    this(Options.DEFAULTS);
  }

  public FrameDecoder(Options options) {
    this.options = java.util.Objects.requireNonNull(options, "options");
  }

  public final Options options() {
    return options;
  }

  /**
   * Queues {@code bytes}' remaining bytes for decoding, by reference. The buffer's position and
   * limit are not changed here; {@link #next()} advances the position as it consumes. An empty
   * buffer is ignored.
   *
   * @throws ProtocolException if the decoder already failed (sticky failure)
   * @throws IllegalStateException after {@link #endOfInput()}
   */
  public final void feed(ByteBuffer bytes) throws ProtocolException {
    throwIfFailed();
    if (ended) {
      throw new IllegalStateException("feed after endOfInput");
    }
    if (bytes.hasRemaining()) {
      if (head == null) {
        head = bytes;
      } else {
        if (more == null) {
          more = new ArrayDeque<>(4);
        }
        more.addLast(bytes);
      }
    }
  }

  /**
   * The next complete frame, or {@code null} when the fed bytes hold no further complete frame; in
   * that case every fed byte has been consumed and the caller may reuse its buffers.
   *
   * @throws ProtocolException the header of the next frame breaks {@code FRAME-2}, {@code
   *     FRAME-3}, {@code FRAME-5} or {@code FRAME-4}, or the decoder failed before
   */
  public final Frame next() throws ProtocolException {
    throwIfFailed();
    ByteBuffer first = head;
    if (header == null && headerFilled == 0 && first != null) {
      // Fast path: the first fed buffer holds the whole next frame.
      int at = first.position();
      int available = first.limit() - at;
      if (available >= FrameHeader.SIZE) {
        ByteBuffer v = viewOf(first);
        long bytes = v.getLong(at);
        int length = FrameHeader.lengthOf(bytes);
        if (available - FrameHeader.SIZE >= length) {
          FrameHeader h = FrameHeader.parseLittleEndian(bytes);
          first.position(at + FrameHeader.SIZE);
          check(bytes);
          first.position(at + FrameHeader.SIZE + length);
          ByteBuffer payload = length == 0 ? EMPTY : v.slice(at + FrameHeader.SIZE, length);
          releaseIfConsumed(first);
          return new Frame(h, payload);
        }
      }
    }
    if (header == null) {
      FrameHeader h = readHeader();
      if (h == null) {
        return null;
      }
      check(h.packed());
      header = h;
      int length = h.payloadLength();
      if (length == 0) {
        return complete(EMPTY);
      }
      ByteBuffer in = head;
      if (in != null && in.remaining() >= length) {
        int start = in.position();
        ByteBuffer v = viewOf(in);
        in.position(start + length);
        releaseIfConsumed(in);
        return complete(v.slice(start, length));
      }
      // The payload spans buffers: one allocation at the checked, declared length.
      assembly = new byte[length];
      assembled = 0;
    }
    while (assembled < assembly.length) {
      ByteBuffer in = head;
      if (in == null) {
        return null;
      }
      int n = Math.min(in.remaining(), assembly.length - assembled);
      in.get(assembly, assembled, n);
      assembled += n;
      releaseIfConsumed(in);
    }
    ByteBuffer payload = ByteBuffer.wrap(assembly);
    assembly = null;
    return complete(payload);
  }

  /**
   * Push-style decoding, allocation-free in steady state: queues {@code bytes} as {@link
   * #feed(ByteBuffer)} does, then hands every complete frame to {@code sink} as primitive header
   * fields and a payload view, with no {@link Frame} or {@link FrameHeader} object (SPEC.md §2.5).
   * The same checks as {@link #next()} apply, in the same order, with the same sticky failures.
   * When it returns, every fed byte has been consumed (bytes of an incomplete trailing frame are
   * kept by the decoder, exactly as when {@code next()} returns {@code null}), so the caller may
   * refill {@code bytes}.
   *
   * <p>The payload handed to the sink is one reused read-only view of {@code bytes} whose position
   * and limit bracket the payload: it is valid only during the sink call (see {@link FrameSink}).
   * Only a frame split across fed buffers goes through {@link #next()} and allocates, as documented
   * there. Mixing this with {@code feed}/{@code next} on one decoder is allowed.
   *
   * @return the number of frames delivered
   * @throws ProtocolException a header check failed, the decoder failed before, or the sink threw
   * @throws IllegalStateException after {@link #endOfInput()}
   */
  public final int decode(ByteBuffer bytes, FrameSink sink) throws ProtocolException {
    feed(bytes);
    int delivered = 0;
    while (true) {
      ByteBuffer first = head;
      if (header == null && headerFilled == 0 && first != null) {
        ByteBuffer v = viewOf(first);
        ByteBuffer p = sinkView;
        if (p == null) {
          p = sinkView = first.asReadOnlyBuffer();
        }
        int at = first.position();
        int end = first.limit();
        while (end - at >= FrameHeader.SIZE) {
          long h = v.getLong(at);
          int length = FrameHeader.lengthOf(h);
          int payloadAt = at + FrameHeader.SIZE;
          if (end - payloadAt < length) {
            break;
          }
          if (options.violation(h) != null) {
            first.position(payloadAt);
            check(h);
          }
          at = payloadAt + length;
          first.position(at);
          p.limit(at).position(payloadAt);
          delivered++;
          sink.frame(FrameHeader.requestIdOf(h), FrameHeader.streamIdOf(h), FrameHeader.streamFlagsOf(h),
              FrameHeader.typeCodeOf(h), FrameHeader.flagsOf(h), p);
        }
        if (at == end) {
          releaseIfConsumed(first);
          continue;
        }
      }
      Frame f = next();
      if (f == null) {
        return delivered;
      }
      FrameHeader h = f.header();
      delivered++;
      sink.frame(h.requestId(), h.streamId(), h.streamFlags(), h.typeCode(), h.flags(), f.payload());
    }
  }

  /**
   * Declares that the byte stream ended (the peer closed its side). Call it once {@link #next()} has
   * returned {@code null}.
   *
   * @throws ProtocolException {@code FRAME-6} when the stream ended inside a frame, whose partial
   *     bytes are discarded; or the earlier failure
   * @throws IllegalStateException when fed bytes were not yet taken with {@link #next()}
   */
  public final void endOfInput() throws ProtocolException {
    throwIfFailed();
    if (head != null) {
      throw new IllegalStateException("fed bytes not yet decoded: call next() until it returns null");
    }
    ended = true;
    if (headerFilled > 0) {
      throw fail(ProtocolException.violation(Requirement.FRAME_TRUNCATED,
          "input ended after %d of %d header bytes", headerFilled, FrameHeader.SIZE));
    }
    if (header != null) {
      throw fail(ProtocolException.violation(Requirement.FRAME_TRUNCATED,
          "input ended after %d of %d payload bytes of %s", assembled, header.payloadLength(), header));
    }
  }

  /**
   * True when the decoder is between frames: no fed bytes are waiting and no partial frame is held.
   * False after a failure.
   */
  public final boolean isIdle() {
    return failure == null && head == null && headerFilled == 0 && header == null;
  }

  /**
   * Takes back the fed bytes not yet decoded, copied into one new array, and releases every fed
   * buffer (its position moved to its limit), so the caller may refill its buffers: for a receiver
   * that stops decoding between two frames to pace its peer (SPEC.md §10, CMD-11). Feed the array
   * later to go on where decoding stopped; its frames are then views of that array.
   *
   * @return the undecoded bytes, an empty array when there are none
   * @throws IllegalStateException when a frame is partly decoded (call it only between frames:
   *     right after {@link #next()} returned a frame)
   */
  public final byte[] takeUndecoded() {
    if (headerFilled > 0 || header != null) {
      throw new IllegalStateException("a frame is partly decoded");
    }
    int n = head == null ? 0 : head.remaining();
    if (more != null) {
      for (ByteBuffer b : more) {
        n += b.remaining();
      }
    }
    byte[] out = new byte[n];
    int at = 0;
    for (ByteBuffer b; (b = head) != null; ) {
      int k = b.remaining();
      b.get(out, at, k);
      at += k;
      nextFed();
    }
    return out;
  }

  /** The failure that made the decoder unusable, or {@code null}. */
  public final ProtocolException failure() {
    return failure;
  }

  /**
   * Decodes a complete byte string into frames with default validation, applying {@link
   * #endOfInput()}. The frames are views into {@code data}; {@code data}'s position is not moved.
   *
   * @throws ProtocolException the first violation found, including {@code FRAME-6} for a trailing
   *     partial frame
   */
  public static List<Frame> decodeAll(ByteBuffer data, int maxFrameSize) throws ProtocolException {
    return decodeAll(data, Options.DEFAULTS.withMaxFrameSize(maxFrameSize));
  }

  /** {@link #decodeAll(ByteBuffer, int)} over an array; the frames are views into it. */
  public static List<Frame> decodeAll(byte[] data, int maxFrameSize) throws ProtocolException {
    return decodeAll(ByteBuffer.wrap(data), maxFrameSize);
  }

  /** {@link #decodeAll(ByteBuffer, int)} with any options. */
  public static List<Frame> decodeAll(ByteBuffer data, Options options) throws ProtocolException {
    FrameDecoder decoder = new FrameDecoder(options);
    decoder.feed(data.duplicate());
    List<Frame> frames = new ArrayList<>();
    for (Frame f; (f = decoder.next()) != null; ) {
      frames.add(f);
    }
    decoder.endOfInput();
    return frames;
  }

  /**
   * The next header, read straight from the first buffer when it holds all 8 bytes and no part of
   * the header came earlier, else through the scratch; {@code null} when the input runs out first.
   */
  private FrameHeader readHeader() {
    while (true) {
      ByteBuffer in = head;
      if (in == null) {
        return null;
      }
      if (headerFilled == 0 && in.remaining() >= FrameHeader.SIZE) {
        int at = in.position();
        long bytes = viewOf(in).getLong(at);
        in.position(at + FrameHeader.SIZE);
        releaseIfConsumed(in);
        return FrameHeader.parseLittleEndian(bytes);
      }
      int n = Math.min(in.remaining(), FrameHeader.SIZE - headerFilled);
      for (int i = 0; i < n; i++) {
        headerBits |= (in.get() & 0xFFL) << (8 * headerFilled++);
      }
      releaseIfConsumed(in);
      if (headerFilled == FrameHeader.SIZE) {
        long bits = headerBits;
        headerFilled = 0;
        headerBits = 0;
        return FrameHeader.parseLittleEndian(bits);
      }
    }
  }

  /** Throws what {@link Options#violation} finds in {@code packed}, with the header in the message. */
  private void check(long packed) throws ProtocolException {
    Requirement broken = options.violation(packed);
    if (broken == null) {
      return;
    }
    FrameHeader h = FrameHeader.parseLittleEndian(packed);
    FrameType type = h.type();
    String detail = switch (broken) {
      case FRAME_MAX_SIZE -> "payload length " + h.payloadLength() + " exceeds the maximum frame size "
          + options.maxFrameSize() + " (" + h + ")";
      case FRAME_TYPE_KNOWN -> "reserved frame type " + h.typeCode() + " (" + h + ")";
      case FRAME_STREAM_FLAGS_DEFINED -> String.format(
          "undefined stream flag bits 0x%02x (%s)", h.streamFlags() & ~StreamFlags.DEFINED, h);
      default -> String.format(
          "frame flag bits 0x%x undefined for %s (%s)", h.flags() & ~type.definedFlags(), type, h);
    };
    throw fail(new ProtocolException(broken, detail));
  }

  private Frame complete(ByteBuffer payload) {
    Frame frame = new Frame(header, payload);
    header = null;
    return frame;
  }

  /** The read-only little-endian duplicate of fed buffer {@code in}, made on first use. */
  private ByteBuffer viewOf(ByteBuffer in) {
    if (viewOf == in) {
      // The same buffer fed again (refilled): keep the views, follow its limit.
      view.limit(in.limit());
    } else {
      viewOf = in;
      view = in.asReadOnlyBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
      sinkView = null;
    }
    return view;
  }

  private void releaseIfConsumed(ByteBuffer in) {
    if (!in.hasRemaining()) {
      nextFed();
      // The views of a consumed buffer are kept: a reader that refills and feeds the same buffer
      // again (the usual case) reuses them, so steady-state decoding allocates nothing at all.
    }
  }

  /** The first fed buffer is used up: the next one fed, if any, takes its place. */
  private void nextFed() {
    head = more == null ? null : more.pollFirst();
  }

  private ProtocolException fail(ProtocolException e) {
    failure = e;
    more = null;
    head = null;
    viewOf = null;
    view = null;
    sinkView = null;
    header = null;
    assembly = null;
    headerFilled = 0;
    headerBits = 0;
    return e;
  }

  private void throwIfFailed() throws ProtocolException {
    if (failure != null) {
      throw new ProtocolException(failure.requirement(), failure.detail(), failure);
    }
  }
}
