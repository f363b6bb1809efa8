// Over 600 lines on purpose: one resumable state machine (initial byte, argument, string bytes,
// container stack, map-key and set-item duplicate checks) whose states share the same fields and
// limits; split across files, the states would have to expose what only this decoder may touch.
package org.framewire.cbor;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;

/**
 * Incremental, sans-I/O CBOR decoder for protocol payloads (SPEC.md §5; requirements {@code CBOR-1},
 * {@code CBOR-2} and {@code CBOR-5}).
 *
 * <p>Feed bytes as they arrive, in chunks of any size, and poll complete top-level values; a value
 * is ready as soon as its last byte has been fed. The decoder is a state machine over an explicit
 * stack of open containers: every input byte is looked at once, nothing is re-parsed when more
 * input arrives, and nesting never recurses, so total work is linear in the input however it is
 * split. {@link #feed} consumes its whole argument; the decoder keeps no reference to it, so the
 * caller may reuse its buffer at once.
 *
 * <p>Limits ({@link CborLimits}) are checked on each head before anything is allocated for the
 * item it declares: a string header declaring 2^40 bytes, a map declaring 2^32 entries or the
 * 65th nested array fail at once with {@code CBOR-2}. String buffers start at most {@value
 * #INITIAL_STRING_CAPACITY} bytes and grow with the bytes actually received.
 *
 * <p>Supported items: integers over the full range -2^64..2^64-1; byte strings, definite and
 * indefinite ({@link CborValue.IndefiniteBytes} keeps the chunks); text strings, definite and
 * indefinite (joined), each chunk strictly valid UTF-8; arrays and maps, definite and indefinite;
 * tags (258 over an array is a {@link CborValue.SetValue}, any other a {@link CborValue.Tagged});
 * false, true, null, undefined; half, single and double floats. Anything else — reserved
 * additional information 28 to 30, a break outside an indefinite-length item, an indefinite
 * string chunk of the wrong kind, an indefinite integer or tag, invalid UTF-8, a simple value
 * other than those four, tag 258 over anything but an array — is a {@code CBOR-1} error. Other
 * simple values are well-formed CBOR but have no meaning in the protocol and no place in {@link
 * CborValue}, so they are rejected too. A map with two equal keys or a set with two equal items is
 * a {@code CBOR-5} error, found as soon as the second one is complete; items are equal when their
 * data items are, whatever their encoding ({@link ItemIdentities}).
 *
 * <p><b>Complete units.</b> {@link #decodeAll(ByteBuffer, CborLimits)} knows where its unit ends,
 * so there a string's declared length, an array's count or twice a map's count that exceeds the
 * bytes remaining after the head is a {@code CBOR-2} error at the head (SPEC.md §5.4), while a unit
 * that stops inside a head, or inside an item whose declared sizes all fit, is {@code CBOR-1}. Fed
 * incrementally, the decoder cannot know the end, and any item cut short is {@code CBOR-1} at
 * {@link #finish()}.
 *
 * <p>Errors are {@link ProtocolException}s thrown by {@link #feed}, {@link #poll}, {@link
 * #pollEvent} or {@link #finish}. Failure is sticky: once one is thrown, every later call of
 * those methods throws the same exception, and values decoded but not yet polled are dropped.
 *
 * <p><b>Streaming.</b> A decoder made by {@link #streaming(CborLimits)} does not assemble
 * top-level indefinite-length byte strings: it hands out each chunk as a {@link
 * CborEvent.BytesChunk} the moment the chunk completes, between a {@link CborEvent.BytesStart} and
 * a {@link CborEvent.BytesEnd}, so a large response can be consumed in constant memory. There,
 * {@link CborLimits#maxLength()} bounds each chunk rather than the whole string, and the chunks do
 * not count as items. Read a streaming decoder with {@link #pollEvent()} only.
 *
 * <p>Not thread-safe.
 */
public final class CborDecoder {

  /** The largest buffer allocated for a string before its bytes arrive. */
  public static final int INITIAL_STRING_CAPACITY = 64 * 1024;

  private static final int BREAK = 0xff;
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private final CborLimits limits;
  private final boolean streaming;
  private final ArrayDeque<CborEvent> ready = new ArrayDeque<>();
  /** Made at the first text string: most protocol messages hold none. */
  private CharsetDecoder utf8;

  private ProtocolException failure;
  private boolean finished;

  /** Items counted so far in the current top-level value. */
  private long items;

  // A head whose argument bytes are still arriving: headNeed > 0.
  private int headMajor;
  private int headInfo;
  private int headNeed;
  private long headArgument;

  // The body of a definite-length string that is still arriving: inString.
  private boolean inString;
  private int stringMajor;
  private byte[] stringBuffer;
  private int stringFill;
  private long stringRemaining;

  private Container[] stack = new Container[8];
  private int depth;

  /**
   * When decoding one complete unit ({@link #decodeAll(ByteBuffer, CborLimits)}), the buffer being
   * decoded: its remaining bytes bound every declared length and count ({@code CBOR-2}). {@code
   * null} for incremental decoding, where the end of the input is not known.
   */
  private ByteBuffer unit;

  /** Identities of map keys and set items, for {@code CBOR-5}; kept for one top-level item. */
  private final ItemIdentities identities = new ItemIdentities();

  /** A decoder that assembles every value and enforces {@code limits}. */
  public CborDecoder(CborLimits limits) {
    this(limits, false);
  }

  private CborDecoder(CborLimits limits, boolean streaming) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.streaming = streaming;
  }

  /**
   * A decoder that streams top-level indefinite-length byte strings chunk by chunk as {@link
   * CborEvent}s instead of assembling them; read it with {@link #pollEvent()}.
   */
  public static CborDecoder streaming(CborLimits limits) {
    return new CborDecoder(limits, true);
  }

  /** The limits this decoder enforces. */
  public CborLimits limits() {
    return limits;
  }

  /**
   * Decodes all remaining bytes of {@code chunk}, advancing its position to its limit.
   *
   * @throws ProtocolException {@code CBOR-1} for malformed input, {@code CBOR-2} for input beyond
   *     the limits, or the earlier failure
   * @throws IllegalStateException after {@link #finish()}
   */
  public void feed(ByteBuffer chunk) throws ProtocolException {
    checkUsable();
    if (finished) {
      throw new IllegalStateException("feed after finish");
    }
    try {
      while (chunk.hasRemaining()) {
        if (inString) {
          readString(chunk);
        } else if (headNeed > 0) {
          readArgument(chunk);
        } else {
          readInitialByte(chunk.get() & 0xff);
        }
      }
    } catch (ProtocolException e) {
      fail(e);
      throw e;
    }
  }

  /** Decodes {@code len} bytes of {@code b} from {@code off}; see {@link #feed(ByteBuffer)}. */
  public void feed(byte[] b, int off, int len) throws ProtocolException {
    Objects.checkFromIndexSize(off, len, b.length);
    feed(ByteBuffer.wrap(b, off, len));
  }

  /**
   * The next complete top-level value, or {@code null} until more bytes complete one.
   *
   * @throws ProtocolException the decoder's failure
   * @throws IllegalStateException on a {@linkplain #streaming streaming} decoder
   */
  public CborValue poll() throws ProtocolException {
    if (streaming) {
      throw new IllegalStateException("a streaming decoder is read with pollEvent()");
    }
    CborEvent e = pollEvent();
    return e == null ? null : ((CborEvent.Item) e).value();
  }

  /**
   * The next event, or {@code null} until more bytes complete one. A decoder that is not streaming
   * yields only {@link CborEvent.Item}s.
   *
   * @throws ProtocolException the decoder's failure
   */
  public CborEvent pollEvent() throws ProtocolException {
    checkUsable();
    return ready.poll();
  }

  /**
   * Whether bytes of an item that is not complete yet have been fed: a head waiting for its
   * argument, a string waiting for its bytes, or containers still open. Always {@code false} once
   * the decoder has failed.
   */
  public boolean hasPartial() {
    return headNeed > 0 || inString || depth > 0;
  }

  /**
   * Declares the end of the input. Values already complete can still be polled; {@link #feed} may
   * no longer be called. Calling it again has no further effect.
   *
   * @throws ProtocolException {@code CBOR-1} when the input ends inside an item, or the earlier
   *     failure
   */
  public void finish() throws ProtocolException {
    checkUsable();
    if (hasPartial()) {
      ProtocolException e =
          new ProtocolException(Requirement.CBOR_WELL_FORMED, "input ends inside a CBOR item");
      fail(e);
      throw e;
    }
    finished = true;
  }

  // ---- convenience ----

  /**
   * Decodes a whole CBOR sequence, one complete unit, with {@link CborLimits#DEFAULT}.
   *
   * @throws ProtocolException on malformed input or a trailing partial item ({@code CBOR-1}),
   *     input beyond the limits or a declared length running past the end ({@code CBOR-2}), a
   *     repeated map key or set item ({@code CBOR-5})
   */
  public static List<CborValue> decodeAll(byte[] data) throws ProtocolException {
    return decodeAll(ByteBuffer.wrap(data), CborLimits.DEFAULT);
  }

  /**
   * Decodes the remaining bytes of {@code data} as a whole CBOR sequence, one complete unit;
   * {@code data}'s position does not move. Declared lengths and counts are bounded by the bytes of
   * the unit (SPEC.md §5.4).
   *
   * @throws ProtocolException on malformed input or a trailing partial item ({@code CBOR-1}),
   *     input beyond the limits or a declared length running past the end ({@code CBOR-2}), a
   *     repeated map key or set item ({@code CBOR-5})
   */
  public static List<CborValue> decodeAll(ByteBuffer data, CborLimits limits) throws ProtocolException {
    CborDecoder decoder = new CborDecoder(limits);
    decoder.unit = data.duplicate();
    decoder.feed(decoder.unit);
    decoder.finish();
    List<CborValue> out = new ArrayList<>(decoder.ready.size());
    for (CborValue v = decoder.poll(); v != null; v = decoder.poll()) {
      out.add(v);
    }
    return out;
  }

  /**
   * Decodes a unit holding exactly one CBOR item, with {@link CborLimits#DEFAULT}.
   *
   * @throws ProtocolException {@code CBOR-4} when {@code data} holds no item or more than one
   *     (SPEC.md §5.2); any error of {@link #decodeAll(byte[])}
   */
  public static CborValue decodeOne(byte[] data) throws ProtocolException {
    List<CborValue> all = decodeAll(data);
    if (all.size() != 1) {
      throw ProtocolException.violation(Requirement.CBOR_ITEM_COUNT, "expected exactly one CBOR item, found %d", all.size());
    }
    return all.get(0);
  }

  // ---- the state machine ----

  private void readInitialByte(int initial) throws ProtocolException {
    int major = initial >>> 5;
    int info = initial & 0x1f;
    if (info >= 28 && info <= 30) {
      throw malformed("reserved additional information " + info + " in initial byte 0x" + hex(initial));
    }
    Container top = depth > 0 ? stack[depth - 1] : null;
    if (top != null && top.isString() && initial != BREAK && (major != top.chunkMajor() || info == 31)) {
      throw malformed(
          "a chunk of an indefinite-length "
              + (top.chunkMajor() == CborEncoder.MAJOR_TEXT ? "text" : "byte")
              + " string must be a definite-length one of the same type, got initial byte 0x"
              + hex(initial));
    }
    if (info < 24) {
      onHead(major, info, info);
    } else if (info < 28) {
      headMajor = major;
      headInfo = info;
      headNeed = 1 << (info - 24);
      headArgument = 0;
    } else {
      onIndefinite(major);
    }
  }

  private void readArgument(ByteBuffer in) throws ProtocolException {
    while (headNeed > 0 && in.hasRemaining()) {
      headArgument = headArgument << 8 | (in.get() & 0xff);
      headNeed--;
    }
    if (headNeed == 0) {
      onHead(headMajor, headInfo, headArgument);
    }
  }

  /** A complete head with a definite argument, read as unsigned 64-bit. */
  private void onHead(int major, int info, long argument) throws ProtocolException {
    checkDepth(); // every item has a depth, scalars and string chunks included (§5.4)
    switch (major) {
      case CborEncoder.MAJOR_UNSIGNED:
        countItem();
        complete(argument >= 0 ? new CborValue.Int(argument) : CborValue.Int.of(unsigned(argument)));
        break;
      case CborEncoder.MAJOR_NEGATIVE:
        countItem();
        complete(
            argument >= 0
                ? new CborValue.Int(-1 - argument)
                : CborValue.Int.of(unsigned(argument).negate().subtract(BigInteger.ONE)));
        break;
      case CborEncoder.MAJOR_BYTES:
      case CborEncoder.MAJOR_TEXT:
        startString(major, argument);
        break;
      case CborEncoder.MAJOR_ARRAY:
        startArray(argument);
        break;
      case CborEncoder.MAJOR_MAP:
        startMap(argument);
        break;
      case CborEncoder.MAJOR_TAG:
        checkDepth();
        countItem();
        push(Container.tag(argument));
        break;
      default:
        onSimple(info, argument);
        break;
    }
  }

  private void onIndefinite(int major) throws ProtocolException {
    Container top = depth > 0 ? stack[depth - 1] : null;
    switch (major) {
      case CborEncoder.MAJOR_BYTES:
        checkDepth();
        if (streaming && depth == 0) {
          push(Container.streamedBytes());
          ready.add(CborEvent.BYTES_START);
        } else {
          countItem();
          push(Container.indefiniteString(CborEncoder.MAJOR_BYTES));
        }
        break;
      case CborEncoder.MAJOR_TEXT:
        checkDepth();
        countItem();
        push(Container.indefiniteString(CborEncoder.MAJOR_TEXT));
        break;
      case CborEncoder.MAJOR_ARRAY:
        checkDepth();
        countItem();
        push(Container.array(-1));
        break;
      case CborEncoder.MAJOR_MAP:
        checkDepth();
        countItem();
        push(Container.map(-1));
        break;
      case CborEncoder.MAJOR_SIMPLE:
        if (top == null || top.remaining != -1) {
          throw malformed("break code outside an indefinite-length item");
        }
        if (top.key != null) {
          throw malformed("indefinite-length map ends after a key without its value");
        }
        depth--;
        stack[depth] = null;
        completeContainer(top);
        break;
      default:
        throw malformed("major type " + major + " cannot have indefinite length");
    }
  }

  private void onSimple(int info, long argument) throws ProtocolException {
    CborValue value;
    switch (info) {
      case 20:
        value = CborValue.FALSE;
        break;
      case 21:
        value = CborValue.TRUE;
        break;
      case 22:
        value = CborValue.NULL;
        break;
      case 23:
        value = CborValue.UNDEFINED;
        break;
      case 24:
        if (argument < 32) {
          throw malformed("two-byte simple value " + argument + " is below 32");
        }
        throw malformed("unassigned simple value " + argument);
      case 25:
        value = new CborValue.FloatValue(halfToDouble((int) argument));
        break;
      case 26:
        value = new CborValue.FloatValue(Float.intBitsToFloat((int) argument));
        break;
      case 27:
        value = new CborValue.FloatValue(Double.longBitsToDouble(argument));
        break;
      default:
        throw malformed("unassigned simple value " + info);
    }
    countItem();
    complete(value);
  }

  private void startString(int major, long length) throws ProtocolException {
    Container top = depth > 0 ? stack[depth - 1] : null;
    boolean streamedChunk = top != null && top.kind == Kind.STREAMED_BYTES;
    long already = top != null && top.isString() && !streamedChunk ? top.length : 0;
    if (length < 0 || length > limits.maxLength() - already) {
      throw limit(
          (major == CborEncoder.MAJOR_TEXT ? "text" : "byte")
              + " string of "
              + Long.toUnsignedString(length)
              + (already > 0 ? " more" : "")
              + " bytes exceeds the limit of "
              + limits.maxLength());
    }
    if (unit != null && length > unit.remaining()) {
      throw limit("string declares " + Long.toUnsignedString(length) + " bytes, only "
          + unit.remaining() + " remain in the payload");
    }
    if (!streamedChunk) {
      countItem();
    }
    if (top != null && top.isString() && !streamedChunk) {
      top.length += length;
    }
    if (length == 0) {
      onString(major, new byte[0]);
      return;
    }
    inString = true;
    stringMajor = major;
    stringBuffer = new byte[(int) Math.min(length, INITIAL_STRING_CAPACITY)];
    stringFill = 0;
    stringRemaining = length;
  }

  private void readString(ByteBuffer in) throws ProtocolException {
    int take = (int) Math.min(in.remaining(), stringRemaining);
    if (stringFill + take > stringBuffer.length) {
      long declared = stringFill + stringRemaining;
      long grown = Math.max(stringFill + take, Math.min(2L * stringBuffer.length, declared));
      byte[] bigger = new byte[(int) grown];
      System.arraycopy(stringBuffer, 0, bigger, 0, stringFill);
      stringBuffer = bigger;
    }
    in.get(stringBuffer, stringFill, take);
    stringFill += take;
    stringRemaining -= take;
    if (stringRemaining == 0) {
      // The buffer never grows past the declared length, so it is exactly full now.
      byte[] bytes = stringBuffer;
      inString = false;
      stringBuffer = null;
      onString(stringMajor, bytes);
    }
  }

  private void onString(int major, byte[] bytes) throws ProtocolException {
    Container top = depth > 0 ? stack[depth - 1] : null;
    if (top != null && top.kind == Kind.STREAMED_BYTES) {
      ready.add(new CborEvent.BytesChunk(bytes));
    } else if (top != null && top.kind == Kind.INDEFINITE_BYTES) {
      top.chunks.add(bytes);
    } else if (top != null && top.kind == Kind.INDEFINITE_TEXT) {
      top.text.append(utf8(bytes));
    } else if (major == CborEncoder.MAJOR_BYTES) {
      complete(new CborValue.Bytes(bytes));
    } else {
      complete(new CborValue.Text(utf8(bytes)));
    }
  }

  private void startArray(long count) throws ProtocolException {
    checkDepth();
    countItem();
    if (count < 0 || count > limits.maxItems() - items) {
      throw limit("array declares " + Long.toUnsignedString(count) + " items, beyond the limit of " + limits.maxItems());
    }
    if (unit != null && count > unit.remaining()) {
      throw limit("array declares " + count + " items, only " + unit.remaining() + " bytes remain in the payload");
    }
    if (count == 0) {
      complete(new CborValue.Array(List.of()));
    } else {
      push(Container.array(count));
    }
  }

  private void startMap(long count) throws ProtocolException {
    checkDepth();
    countItem();
    if (count < 0 || count > (limits.maxItems() - items) / 2) {
      throw limit("map declares " + Long.toUnsignedString(count) + " entries, beyond the limit of " + limits.maxItems() + " items");
    }
    if (unit != null && count > unit.remaining() / 2) {
      throw limit("map declares " + count + " entries, only " + unit.remaining() + " bytes remain in the payload");
    }
    if (count == 0) {
      complete(new CborValue.MapValue(List.of()));
    } else {
      push(Container.map(count));
    }
  }

  /** Hands a complete item to its parent container, closing every container it completes. */
  private void complete(CborValue value) throws ProtocolException {
    CborValue v = value;
    while (depth > 0) {
      Container c = stack[depth - 1];
      if (!c.add(v, identities)) {
        return;
      }
      depth--;
      stack[depth] = null;
      v = c.value();
    }
    ready.add(new CborEvent.Item(v));
    items = 0;
    identities.clear();
  }

  /** A container closed by a break. */
  private void completeContainer(Container c) throws ProtocolException {
    if (c.kind == Kind.STREAMED_BYTES) {
      ready.add(CborEvent.BYTES_END);
      items = 0;
    } else {
      complete(c.value());
    }
  }

  private void push(Container c) {
    if (depth == stack.length) {
      Container[] bigger = new Container[Math.min(stack.length * 2, limits.maxDepth())];
      System.arraycopy(stack, 0, bigger, 0, depth);
      stack = bigger;
    }
    stack[depth++] = c;
  }

  private void checkDepth() throws ProtocolException {
    if (depth >= limits.maxDepth()) {
      throw limit("nesting deeper than " + limits.maxDepth() + " levels");
    }
  }

  private void countItem() throws ProtocolException {
    if (++items > limits.maxItems()) {
      throw limit("more than " + limits.maxItems() + " items in one value");
    }
  }

  private String utf8(byte[] bytes) throws ProtocolException {
    try {
      if (utf8 == null) {
        utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
      }
      CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(bytes));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new ProtocolException(Requirement.CBOR_WELL_FORMED, "text string is not valid UTF-8", e);
    }
  }

  private void checkUsable() throws ProtocolException {
    if (failure != null) {
      throw failure;
    }
  }

  private void fail(ProtocolException e) {
    failure = e;
    ready.clear();
    stack = new Container[0];
    depth = 0;
    headNeed = 0;
    inString = false;
    stringBuffer = null;
    identities.clear();
  }

  private static ProtocolException malformed(String message) {
    return new ProtocolException(Requirement.CBOR_WELL_FORMED, message);
  }

  private static ProtocolException limit(String message) {
    return new ProtocolException(Requirement.CBOR_LIMITS, message);
  }

  private static BigInteger unsigned(long v) {
    return v >= 0 ? BigInteger.valueOf(v) : BigInteger.valueOf(v).add(TWO_64);
  }

  private static String hex(int b) {
    return String.format("%02x", b);
  }

  /** IEEE 754 binary16 to double (RFC 8949 Appendix D). */
  static double halfToDouble(int half) {
    int exponent = (half >>> 10) & 0x1f;
    int mantissa = half & 0x3ff;
    double magnitude;
    if (exponent == 0) {
      magnitude = Math.scalb((double) mantissa, -24);
    } else if (exponent != 31) {
      magnitude = Math.scalb((double) (mantissa + 1024), exponent - 25);
    } else {
      magnitude = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    }
    return (half & 0x8000) != 0 ? -magnitude : magnitude;
  }

  private enum Kind { ARRAY, MAP, TAG, INDEFINITE_BYTES, INDEFINITE_TEXT, STREAMED_BYTES }

  /** One open container on the parse stack. */
  private static final class Container {
    /** Keys of a map compared directly while they are definite strings and at most this many. */
    static final int PLAIN_KEYS = 8;

    final Kind kind;
    /** Items (arrays) or entries (maps) still to come; -1 for indefinite length; unused otherwise. */
    long remaining;
    long tag;
    List<CborValue> values;
    List<CborValue.Entry> entries;
    CborValue key;
    /**
     * The identities of a map's keys so far, for {@code CBOR-5}; made once a key is not a plain
     * string or the map has more than {@link #PLAIN_KEYS} keys, and then holding every key's.
     */
    NavigableSet<byte[]> keys;
    /**
     * Until {@link #keys} is made, the map's keys so far, each a definite byte or text string: two
     * such keys are equal exactly when both are byte strings, or both text strings, of the same
     * content ({@link ItemIdentities}), so a few are compared directly, without identities.
     */
    CborValue[] plainKeys;
    int keyCount;
    List<byte[]> chunks;
    StringBuilder text;
    /** Bytes in the chunks so far, for indefinite-length strings. */
    long length;

    private Container(Kind kind, long remaining) {
      this.kind = kind;
      this.remaining = remaining;
    }

    static Container array(long count) {
      Container c = new Container(Kind.ARRAY, count);
      c.values = new ArrayList<>(count < 0 ? 8 : (int) Math.min(count, 64));
      return c;
    }

    static Container map(long count) {
      Container c = new Container(Kind.MAP, count);
      c.entries = new ArrayList<>(count < 0 ? 8 : (int) Math.min(count, 64));
      return c;
    }

    static Container tag(long tag) {
      Container c = new Container(Kind.TAG, 1);
      c.tag = tag;
      return c;
    }

    static Container indefiniteString(int major) {
      if (major == CborEncoder.MAJOR_TEXT) {
        Container c = new Container(Kind.INDEFINITE_TEXT, -1);
        c.text = new StringBuilder();
        return c;
      }
      Container c = new Container(Kind.INDEFINITE_BYTES, -1);
      c.chunks = new ArrayList<>();
      return c;
    }

    static Container streamedBytes() {
      return new Container(Kind.STREAMED_BYTES, -1);
    }

    boolean isString() {
      return kind == Kind.INDEFINITE_BYTES || kind == Kind.INDEFINITE_TEXT || kind == Kind.STREAMED_BYTES;
    }

    int chunkMajor() {
      return kind == Kind.INDEFINITE_TEXT ? CborEncoder.MAJOR_TEXT : CborEncoder.MAJOR_BYTES;
    }

    /**
     * Adds a complete child item; true when that completes this container. Keys and set items are
     * compared as data items ({@link ItemIdentities}): {@code 01} and {@code 1801} are one key.
     *
     * @throws ProtocolException {@code CBOR-5} for a repeated map key or set item, {@code CBOR-1}
     *     for tag 258 over anything but an array
     */
    boolean add(CborValue v, ItemIdentities identities) throws ProtocolException {
      switch (kind) {
        case ARRAY:
          values.add(v);
          return remaining > 0 && --remaining == 0;
        case MAP:
          if (key == null) {
            if (!newKey(v, identities)) {
              // The key itself stays out of the message: it may be megabytes long.
              throw ProtocolException.violation(
                  Requirement.CBOR_NO_DUPLICATES, "map key number %d repeats an earlier key", keyCount + 1);
            }
            keyCount++;
            key = v;
            return false;
          }
          entries.add(new CborValue.Entry(key, v));
          key = null;
          return remaining > 0 && --remaining == 0;
        case TAG:
          if (tag == CborEncoder.TAG_SET) {
            if (!(v instanceof CborValue.Array a)) {
              throw malformed("tag 258 (set) must enclose an array");
            }
            NavigableSet<byte[]> seen = ItemIdentities.newSet();
            for (CborValue item : a.items()) {
              if (!seen.add(identities.of(item))) {
                throw ProtocolException.violation(
                    Requirement.CBOR_NO_DUPLICATES, "set item number %d repeats an earlier item", seen.size() + 1);
              }
            }
          }
          values = List.of(v);
          return true;
        default:
          throw new IllegalStateException("strings take chunks, not items");
      }
    }

    /** Whether {@code k} differs from every key of this map so far (SPEC.md §5.1, CBOR-5). */
    private boolean newKey(CborValue k, ItemIdentities identities) {
      if (keys == null) {
        if (keyCount < PLAIN_KEYS && isPlainString(k)) {
          if (plainKeys == null) {
            plainKeys = new CborValue[PLAIN_KEYS];
          }
          for (int i = 0; i < keyCount; i++) {
            if (sameString(plainKeys[i], k)) {
              return false;
            }
          }
          plainKeys[keyCount] = k;
          return true;
        }
        keys = ItemIdentities.newSet();
        for (int i = 0; i < keyCount; i++) {
          keys.add(identities.of(plainKeys[i]));
        }
        plainKeys = null;
      }
      return keys.add(identities.of(k));
    }

    private static boolean isPlainString(CborValue v) {
      return v instanceof CborValue.Bytes || v instanceof CborValue.Text;
    }

    /** Equality of two definite strings as data items: same major type, same content. */
    private static boolean sameString(CborValue a, CborValue b) {
      if (a instanceof CborValue.Bytes x) {
        return b instanceof CborValue.Bytes y && Arrays.equals(x.value(), y.value());
      }
      return b instanceof CborValue.Text y && ((CborValue.Text) a).value().equals(y.value());
    }

    /** The value of this complete container. */
    CborValue value() {
      switch (kind) {
        case ARRAY:
          return new CborValue.Array(values);
        case MAP:
          return new CborValue.MapValue(entries);
        case TAG:
          CborValue content = values.get(0);
          return tag == CborEncoder.TAG_SET && content instanceof CborValue.Array a
              ? new CborValue.SetValue(a.items())
              : new CborValue.Tagged(tag, content);
        case INDEFINITE_BYTES:
          return new CborValue.IndefiniteBytes(chunks);
        case INDEFINITE_TEXT:
          return new CborValue.Text(text.toString());
        default:
          throw new IllegalStateException("a streamed byte string has no value");
      }
    }
  }
}
