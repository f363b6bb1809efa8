package org.framewire.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.streams.StreamSettings;
import org.framewire.streams.encoding.ContentEncoder;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;

/*
 * Why this file is over 600 lines: the model (streams, requests, settings, compression contexts)
 * and the injection of all 50-odd violation kinds share the model's private state and its setup
 * helpers (a half-sent request, a stream in a given state, a fresh id); splitting inject() by
 * violation family (frame, stream and encoding, settings, request and CBOR) into classes that
 * take the model as an argument is issue 15's, and waits for the CMD-11 kind's rewrite (requests
 * beyond the bound paused, not failed) to land here first, so the two do not collide.
 */

/**
 * Builds client conversations from a model of the protocol's state as a client sees it: request
 * ids in flight and what each request still has to send, the client's open streams with their
 * state (SPEC.md §3.3) and compression context, whether sender protocol settings were sent, and the
 * limits of the receiver. Every decision comes from a {@link RandomSource}.
 *
 * <p>The model keeps every rule of SPEC.md: settings first and once (SET-1); odd request ids, never
 * reused, since a client that does not read responses cannot know a request has left flight
 * (FRAME-7, CMD-3, CMD-11); odd streams opened with stream-begin and ended with stream-end, ids
 * reused only after their end (STREAM-1 to STREAM-4); stream settings contiguous, once per stream,
 * before any encoded frame (ENC-7, ENC-9, STREAM-5); encoded frames only on command-request and
 * command-data frames (STREAM-7), one message at a time per stream between flush points, with a
 * flush at the end of every message (ENC-4); request and data flags as CMD-2, CMD-14 and CMD-5
 * demand; every size within the limits.
 *
 * <p>A violation is injected at the end of a valid prefix, after whatever valid setup frames it
 * needs (a request left half sent, a stream with settings, an ended stream), so that the one
 * violating frame breaks exactly its requirement. Not thread-safe; one builder builds one
 * conversation.
 */
final class ConversationBuilder {

  /** Most steps of a valid conversation; each step sends one frame or one group of settings frames. */
  static final int MAX_STEPS = 40;
  /** Most steps before a violation. */
  static final int MAX_PREFIX_STEPS = 14;
  /** Most client streams the model keeps open at once. */
  private static final int MAX_OPEN_STREAMS = 6;
  /** Most requests whose frames are still being sent at once. */
  private static final int MAX_PARTIAL = 4;
  /** Requests kept in reserve below the in-flight bound for the setup of a violation. */
  private static final int RESERVE = 3;

  private enum StreamState { OPEN, ENCODING }

  /** One client stream that is open. */
  private static final class StreamModel {
    final int id;
    boolean begun;
    StreamState state = StreamState.OPEN;
    EncodingProfile profile;
    ContentEncoder encoder;
    /** The request whose encoded message is between flush points on this stream. */
    RequestModel lockedBy;
    /** Encoded requests homed here that still have frames to send. */
    int bound;

    StreamModel(int id) {
      this.id = id;
    }
  }

  /** One request and what it still has to send. */
  private static final class RequestModel {
    final int id;
    final List<byte[]> requestChunks;
    final List<byte[]> dataChunks;
    final boolean haveData;
    boolean encoded;
    StreamModel home;
    int next;

    RequestModel(int id, List<byte[]> requestChunks, List<byte[]> dataChunks) {
      this.id = id;
      this.requestChunks = requestChunks;
      this.dataChunks = dataChunks;
      this.haveData = dataChunks != null;
    }

    int total() {
      return requestChunks.size() + (dataChunks == null ? 0 : dataChunks.size());
    }

    boolean done() {
      return next >= total();
    }

    boolean inRequestPhase() {
      return next < requestChunks.size();
    }
  }

  private final ProtocolLimits limits;
  /** The profiles the receiver supports ({@link ProtocolLimits#encodings()}), identity first. */
  private final List<EncodingProfile> profiles = new ArrayList<>();
  /** The supported profiles with a compression context: zlib, zstd-8mb, or fewer. */
  private final List<EncodingProfile> compressed = new ArrayList<>();
  private RandomSource r;
  private final List<Frame> frames = new ArrayList<>();
  private final StreamModel[] streams = new StreamModel[256];
  private final boolean[] ended = new boolean[256];
  private final Set<Integer> usedIds = new HashSet<>();
  private final List<RequestModel> partial = new ArrayList<>();
  private final List<Integer> completed = new ArrayList<>();
  private boolean settingsSent;
  /** Whether frames may end their stream: not while a violation is being set up. */
  private boolean allowEnds = true;
  private int contexts;
  private int requests;
  private int nextId = 1;

  ConversationBuilder(ProtocolLimits limits, RandomSource random) {
    this.limits = limits;
    this.r = random;
    for (EncodingProfile p : List.of(EncodingProfiles.IDENTITY, EncodingProfiles.ZLIB, EncodingProfiles.ZSTD_8MB)) {
      if (limits.supports(p.name())) {
        profiles.add(p);
        if (!p.isIdentity()) {
          compressed.add(p);
        }
      }
    }
  }

  // ---------------------------------------------------------------- valid conversations

  /** A valid conversation: settings perhaps, requests interleaved over streams, all completed. */
  Conversation valid() {
    if (r.chance(50)) {
      senderSettings();
    }
    int steps = r.nextInt(MAX_STEPS + 1);
    for (int i = 0; i < steps; i++) {
      step();
    }
    while (!partial.isEmpty()) {
      advance(pickReady(), null);
    }
    return new Conversation(frames, new byte[0], null, completed);
  }

  private void step() {
    int c = r.nextInt(10);
    if (c < 4 && !partial.isEmpty()) {
      advance(pickReady(), null);
    } else if (c < 8 && canStartRequest()) {
      startRequest();
    } else if (c < 9 && canOpenOrChooseSettingsStream()) {
      streamSettings(settingsStream(), chooseProfile());
    } else if (!partial.isEmpty()) {
      advance(pickReady(), null);
    } else if (canStartRequest()) {
      startRequest();
    }
  }

  private boolean canStartRequest() {
    return requests < Math.max(1, Math.min(16, limits.maxRequestsInFlight() - RESERVE)) && partial.size() < MAX_PARTIAL;
  }

  private void startRequest() {
    CborValue.MapValue map = Payloads.requestMap(r);
    byte[] data = Payloads.wantsData(map) || r.chance(15) ? Payloads.data(r, Math.min(256, limits.maxDataBytes())) : null;
    RequestModel q = plan(freshOddId(), map, data, 1, 1);
    List<StreamModel> encoding = openStreams(s -> s.state == StreamState.ENCODING && s.lockedBy == null);
    if (!encoding.isEmpty() && limits.maxFrameSize() >= 4096 && r.chance(50)) {
      q.encoded = true;
      q.home = r.pick(encoding);
      q.home.bound++;
    }
    partial.add(q);
    advance(q, null);
  }

  /** A partial request that may send its next frame: none is blocked by another's encoded message. */
  private RequestModel pickReady() {
    List<RequestModel> ready = new ArrayList<>();
    for (RequestModel q : partial) {
      if (!q.encoded || q.home.lockedBy == null || q.home.lockedBy == q) {
        ready.add(q);
      }
    }
    return r.pick(ready);
  }

  /**
   * Plans a request: its map cut into at least {@code minRequestFrames} frames, its data (if any)
   * into at least {@code minDataFrames}, every frame within the maximum frame size.
   */
  private RequestModel plan(int id, CborValue.MapValue map, byte[] data, int minRequestFrames, int minDataFrames) {
    requests++;
    usedIds.add(id);
    byte[] mapBytes = CborEncoder.encode(map);
    List<byte[]> requestChunks = cut(mapBytes, minRequestFrames + r.nextInt(3), false);
    List<byte[]> dataChunks = null;
    if (data != null) {
      dataChunks = cut(data, minDataFrames + r.nextInt(3), true);
      while (dataChunks.size() < minDataFrames) {
        dataChunks.add(new byte[0]); // an empty final eos frame, as Mercurial sends for full frames
      }
      if (r.chance(15)) {
        dataChunks.add(new byte[0]);
      }
    }
    return new RequestModel(id, requestChunks, dataChunks);
  }

  /**
   * {@code bytes} in about {@code pieces} non-empty chunks (one empty chunk for empty input), none
   * longer than the maximum frame size.
   */
  private List<byte[]> cut(byte[] bytes, int pieces, boolean allowEmpty) {
    List<byte[]> chunks = new ArrayList<>();
    if (bytes.length == 0) {
      chunks.add(new byte[0]);
      return chunks;
    }
    Set<Integer> cuts = new java.util.TreeSet<>();
    for (int i = 1; i < pieces && bytes.length > 1; i++) {
      cuts.add(1 + r.nextInt(bytes.length - 1));
    }
    int from = 0;
    List<Integer> ends = new ArrayList<>(cuts);
    ends.add(bytes.length);
    for (int end : ends) {
      while (end - from > limits.maxFrameSize()) {
        chunks.add(Arrays.copyOfRange(bytes, from, from + limits.maxFrameSize()));
        from += limits.maxFrameSize();
      }
      chunks.add(Arrays.copyOfRange(bytes, from, end));
      from = end;
    }
    return chunks;
  }

  /**
   * Sends the next frame of {@code q}: on its home stream when encoded, else on {@code forced} or a
   * stream chosen among the open ones or a new one. The frame may end its stream when nothing holds
   * the stream open.
   */
  private void advance(RequestModel q, StreamModel forced) {
    int index = q.next;
    boolean requestPhase = q.inRequestPhase();
    int requestFrames = q.requestChunks.size();
    byte[] chunk = requestPhase ? q.requestChunks.get(index) : q.dataChunks.get(index - requestFrames);
    FrameType type = requestPhase ? FrameType.COMMAND_REQUEST : FrameType.COMMAND_DATA;
    int flags = requestPhase
        ? FramedRequest.requestFlags(index, requestFrames, q.haveData)
        : FramedRequest.dataFlags(index - requestFrames, q.dataChunks.size());
    StreamModel s = q.encoded ? q.home : forced != null ? forced : streamForUnencoded();
    int streamFlags = begin(s);
    boolean lastOfMessage = requestPhase ? index == requestFrames - 1 : index == q.total() - 1;
    byte[] payload = chunk;
    if (q.encoded) {
      payload = EncoderPipe.encode(s.encoder, chunk, lastOfMessage);
      streamFlags |= StreamFlags.ENCODED;
      s.lockedBy = lastOfMessage ? null : q;
    }
    q.next++;
    if (q.done()) {
      partial.remove(q);
      completed.add(q.id);
      if (q.encoded) {
        s.bound--;
      }
    }
    boolean end = allowEnds && s.lockedBy == null && s.bound == 0 && r.chance(12);
    if (end) {
      streamFlags |= StreamFlags.END;
    }
    emit(Frame.of(q.id, s.id, streamFlags, type, flags, payload));
    if (end) {
      close(s);
    }
  }

  /** The stream-begin flag if {@code s} is still to be opened by the frame about to be sent. */
  private int begin(StreamModel s) {
    if (s.begun) {
      return 0;
    }
    s.begun = true;
    return StreamFlags.BEGIN;
  }

  private StreamModel streamForUnencoded() {
    List<StreamModel> open = openStreams(s -> true);
    int choice = r.nextInt(open.size() + 1);
    if (choice < open.size()) {
      return open.get(choice);
    }
    return open.size() < maxOpenStreams() ? newStream() : open.get(0);
  }

  private int maxOpenStreams() {
    return Math.min(MAX_OPEN_STREAMS, limits.maxOpenStreams());
  }

  /** Registers a stream on a closed odd id; its first frame will carry stream-begin. */
  private StreamModel newStream() {
    int id = 1 + 2 * r.nextInt(128);
    while (streams[id] != null) {
      id = id + 2 > 255 ? 1 : id + 2;
    }
    StreamModel s = new StreamModel(id);
    streams[id] = s;
    return s;
  }

  private void close(StreamModel s) {
    streams[s.id] = null;
    ended[s.id] = true;
    if (s.encoder != null) {
      s.encoder.close();
      if (!s.profile.isIdentity()) {
        contexts--;
      }
    }
  }

  private List<StreamModel> openStreams(java.util.function.Predicate<StreamModel> filter) {
    List<StreamModel> out = new ArrayList<>();
    for (StreamModel s : streams) {
      if (s != null && s.begun && filter.test(s)) {
        out.add(s);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- settings

  /** Sender protocol settings (SPEC.md §8.1) in one or two frames, on a new stream. */
  private void senderSettings() {
    List<CborValue> names = new ArrayList<>();
    List<String> pool = new ArrayList<>(limits.encodings());
    for (int n = r.nextInt(4); n > 0 && !pool.isEmpty(); n--) {
      names.add(CborValue.Bytes.of(pool.remove(r.nextInt(pool.size()))));
    }
    List<CborValue.Entry> entries = new ArrayList<>();
    if (!names.isEmpty() || r.chance(50)) {
      entries.add(Payloads.entry("contentencodings", new CborValue.Array(names)));
    }
    if (r.chance(15)) {
      entries.add(Payloads.entry("x-" + Payloads.name(r), Payloads.value(r, 1))); // ignored (SET-6)
    }
    byte[] payload = CborEncoder.encode(new CborValue.MapValue(entries));
    StreamModel s = openStreams(x -> true).isEmpty() || r.chance(50) ? streamOrReuse() : r.pick(openStreams(x -> true));
    settingsFrames(FrameType.SENDER_PROTOCOL_SETTINGS, s, payload);
    settingsSent = true;
  }

  private StreamModel streamOrReuse() {
    List<StreamModel> open = openStreams(x -> true);
    return open.size() < maxOpenStreams() ? newStream() : open.get(0);
  }

  private boolean canOpenOrChooseSettingsStream() {
    return !openStreams(s -> s.state == StreamState.OPEN).isEmpty() || openStreams(s -> true).size() < maxOpenStreams();
  }

  /** An open stream without settings, or a new one. */
  private StreamModel settingsStream() {
    List<StreamModel> candidates = openStreams(s -> s.state == StreamState.OPEN);
    int choice = r.nextInt(candidates.size() + 1);
    if (candidates.isEmpty()) {
      return newStream();
    }
    if (choice < candidates.size() || openStreams(s -> true).size() >= maxOpenStreams()) {
      return candidates.get(Math.min(choice, candidates.size() - 1));
    }
    return newStream();
  }

  private EncodingProfile chooseProfile() {
    boolean contextsLeft = contexts < Math.min(3, limits.maxDecoderContexts() - 1); // one spare for freshEncodingStream
    return contextsLeft ? r.pick(profiles) : EncodingProfiles.IDENTITY;
  }

  /** Stream settings for {@code profile} on {@code s} (SPEC.md §4.1), in one or two contiguous frames. */
  private void streamSettings(StreamModel s, EncodingProfile profile) {
    settingsFrames(FrameType.STREAM_SETTINGS, s, StreamSettings.of(profile).encode());
    s.state = StreamState.ENCODING;
    s.profile = profile;
    s.encoder = profile.newEncoder();
    if (!profile.isIdentity()) {
      contexts++;
    }
  }

  private void settingsFrames(FrameType type, StreamModel s, byte[] payload) {
    List<byte[]> chunks = payload.length > 1 && r.chance(30) ? cut(payload, 2, false) : List.of(payload);
    for (int i = 0; i < chunks.size(); i++) {
      int flags = i < chunks.size() - 1 ? FrameType.FLAG_CONTINUATION : FrameType.FLAG_EOS;
      emit(Frame.of(anyOddId(), s.id, begin(s), type, flags, chunks.get(i)));
    }
  }

  // ---------------------------------------------------------------- ids and frames

  private int freshOddId() {
    int id = nextId;
    if (r.chance(10)) {
      id = 1 + 2 * r.nextInt(0x8000); // anywhere in 1..65535
    }
    while (usedIds.contains(id)) {
      id = id + 2 > 0xFFFF ? 1 : id + 2;
    }
    nextId = id + 2 > 0xFFFF ? 1 : id + 2;
    return id;
  }

  /** An odd request id for frames that belong to no request; receivers do not interpret it. */
  private int anyOddId() {
    return 1 + 2 * r.nextInt(8);
  }

  private void emit(Frame f) {
    frames.add(f);
  }

  // ---------------------------------------------------------------- violations

  /**
   * A valid prefix, then one violation of {@code kind} with its setup; the decisions of the
   * violation come from {@code violationDecisions}, so that a long prefix does not use them up.
   */
  Conversation violating(ViolationKind kind, RandomSource violationDecisions) {
    if (kind == ViolationKind.SETTINGS_MALFORMED || kind == ViolationKind.SETTINGS_TOO_LARGE) {
      r = violationDecisions; // only the first frames may be sender settings (SET-1): no prefix
      return inject(kind);
    }
    if (kind == ViolationKind.SETTINGS_REPEATED || r.chance(40)) {
      senderSettings();
    }
    int steps = r.nextInt(MAX_PREFIX_STEPS + 1);
    for (int i = 0; i < steps; i++) {
      step();
    }
    r = violationDecisions;
    return inject(kind);
  }

  private Conversation inject(ViolationKind kind) {
    allowEnds = false;
    return switch (kind) {
      case FRAME_TOO_LONG -> {
        RequestModel q = partialRequest(true, true);
        int length = limits.maxFrameSize() + 1 + r.nextInt(16);
        yield violation(kind, Frame.of(q.id, anyOpenStream().id, 0, FrameType.COMMAND_DATA,
            FrameType.FLAG_CONTINUATION, filler(length)), "command-data of " + length + " bytes for request " + q.id);
      }
      case RESERVED_TYPE -> {
        int code = r.pick(FrameArbitraries.RESERVED_TYPE_CODES);
        StreamModel s = anyOpenStream();
        byte[] payload = filler(r.nextInt(12));
        FrameHeader h = new FrameHeader(payload.length, freshOddId(), s.id, 0, code, 0);
        yield violation(kind, new Frame(h, ByteBuffer.wrap(payload)), "type code " + code);
      }
      case UNDEFINED_FRAME_FLAG -> {
        int bit = r.chance(50) ? 0x4 : 0x8;
        if (r.chance(50)) {
          RequestModel q = partialRequest(true, true);
          yield violation(kind, Frame.of(q.id, anyOpenStream().id, 0, FrameType.COMMAND_DATA,
              FrameType.FLAG_CONTINUATION | bit, filler(1 + r.nextInt(8))), "command-data flag 0x" + bit);
        }
        StreamModel s = settingsStream();
        yield violation(kind, Frame.of(anyOddId(), s.id, begin(s), FrameType.STREAM_SETTINGS,
            FrameType.FLAG_EOS | bit, StreamSettings.of(r.pick(profiles)).encode()), "stream-settings flag 0x" + bit);
      }
      case UNDEFINED_STREAM_FLAG -> {
        int bit = 0x08 << r.nextInt(5);
        Frame f = freshRequestFrame(freshOddId(), null, 0);
        yield violation(kind, withStreamFlags(f, f.streamFlags() | bit), "stream flag 0x" + Integer.toHexString(bit));
      }
      case TRUNCATED_HEADER, TRUNCATED_PAYLOAD -> {
        byte[] whole = freshRequestFrame(freshOddId(), null, 0).toBytes();
        int keep = kind == ViolationKind.TRUNCATED_HEADER
            ? 1 + r.nextInt(FrameHeader.SIZE - 1)
            : FrameHeader.SIZE + r.nextInt(whole.length - FrameHeader.SIZE);
        yield new Conversation(frames, Arrays.copyOf(whole, keep),
            new Violation(kind, frames.size(), "input ends after " + keep + " of " + whole.length + " bytes of a frame"),
            completed);
      }
      case EVEN_REQUEST_ID -> {
        int id = r.chance(20) ? 0 : 2 * (1 + r.nextInt(0x7FFF));
        yield violation(kind, freshRequestFrame(id, null, 0), "request id " + id);
      }
      case SERVER_FRAME_TYPE -> {
        FrameType type = r.pick(List.of(FrameType.COMMAND_RESPONSE, FrameType.ERROR_RESPONSE,
            FrameType.TEXT_OUTPUT, FrameType.PROGRESS));
        RequestModel q = partialRequest(r.chance(50), false);
        yield violation(kind, Frame.of(q.id, anyOpenStream().id, 0, type, serverFlags(type), serverPayload(type)),
            type + " for request " + q.id);
      }
      case EVEN_STREAM_ID, STREAM_ZERO -> {
        int stream = kind == ViolationKind.STREAM_ZERO ? 0 : 2 * (1 + r.nextInt(127));
        yield violation(kind, withStream(freshRequestFrame(freshOddId(), null, 0), stream, StreamFlags.BEGIN),
            "stream " + stream);
      }
      case MISSING_BEGIN -> {
        int stream = closedStreamId(false);
        yield violation(kind, withStream(freshRequestFrame(freshOddId(), null, 0), stream, 0),
            "first frame on stream " + stream + " without stream-begin");
      }
      case MISSING_BEGIN_AFTER_END -> {
        int stream = closedStreamId(true);
        yield violation(kind, withStream(freshRequestFrame(freshOddId(), null, 0), stream, 0),
            "first frame on ended stream " + stream + " without stream-begin");
      }
      case BEGIN_ON_OPEN_STREAM -> {
        StreamModel s = anyOpenStream();
        yield violation(kind, withStream(freshRequestFrame(freshOddId(), null, 0), s.id, StreamFlags.BEGIN),
            "stream-begin on open stream " + s.id);
      }
      case ENCODED_BEFORE_SETTINGS -> {
        StreamModel s = streamInState(StreamState.OPEN);
        yield violation(kind, withStream(freshRequestFrame(freshOddId(), null, 0), s.id, StreamFlags.ENCODED),
            "encoded frame on stream " + s.id + " without settings");
      }
      case ENCODED_SETTINGS_FRAME -> {
        StreamModel s = settingsStream();
        yield violation(kind, Frame.of(anyOddId(), s.id, begin(s) | StreamFlags.ENCODED, FrameType.STREAM_SETTINGS,
            FrameType.FLAG_EOS, StreamSettings.of(r.pick(profiles)).encode()), "stream-settings with encoded");
      }
      case UNKNOWN_PROFILE -> {
        StreamModel s = settingsStream();
        String name = r.pick(List.of("brotli", "lz4", "gzip", "zstd-16mb", Payloads.name(r) + "-x"));
        byte[] payload = CborEncoder.encode(CborValue.Bytes.of(name));
        if (r.chance(40)) {
          emit(Frame.of(anyOddId(), s.id, begin(s), FrameType.STREAM_SETTINGS, FrameType.FLAG_CONTINUATION,
              Arrays.copyOf(payload, 1)));
          payload = Arrays.copyOfRange(payload, 1, payload.length);
        }
        yield violation(kind, Frame.of(anyOddId(), s.id, begin(s), FrameType.STREAM_SETTINGS, FrameType.FLAG_EOS,
            payload), "profile " + name);
      }
      case SETTINGS_TWICE -> {
        StreamModel s = streamInState(StreamState.ENCODING);
        yield violation(kind, Frame.of(anyOddId(), s.id, 0, FrameType.STREAM_SETTINGS, FrameType.FLAG_EOS,
            StreamSettings.of(r.pick(profiles)).encode()), "second stream settings on stream " + s.id);
      }
      case SETTINGS_INTERRUPTED -> {
        StreamModel s = settingsStream();
        byte[] payload = StreamSettings.of(r.pick(profiles)).encode();
        emit(Frame.of(anyOddId(), s.id, begin(s), FrameType.STREAM_SETTINGS, FrameType.FLAG_CONTINUATION,
            Arrays.copyOf(payload, 1)));
        yield violation(kind, withStream(freshRequestFrame(freshOddId(), null, 0), s.id, 0),
            "command request on stream " + s.id + " between its settings frames");
      }
      case ENCODED_CORRUPT -> {
        StreamModel s = freshEncodingStream(r.pick(compressed));
        byte[] garbage = new byte[8 + r.nextInt(24)];
        yield violation(kind, withStream(Frame.of(freshOddId(), s.id, 0, FrameType.COMMAND_REQUEST,
            FrameType.FLAG_NEW, garbage), s.id, StreamFlags.ENCODED), "zero bytes as " + s.profile.name() + " data");
      }
      case ZSTD_WINDOW_TOO_LARGE -> {
        StreamModel s = freshEncodingStream(EncodingProfiles.ZSTD_8MB);
        byte[] map = CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echo")));
        byte[] header;
        String detail;
        if (r.chance(70)) {
          // Window_Descriptor: exponent 13 with a nonzero mantissa, or exponents 14 to 21 (2^31)
          int descriptor = r.chance(40) ? 0x68 | (1 + r.nextInt(7)) : (14 + r.nextInt(8)) << 3 | r.nextInt(8);
          header = new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x00, (byte) descriptor};
          detail = "zstd window descriptor 0x" + Integer.toHexString(descriptor);
        } else {
          // Single_Segment_flag with a 4-byte Frame_Content_Size: the window is the content size
          int size = (8 << 20) + 1 + r.nextInt(1 << 20);
          header = new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, (byte) 0xa0,
              (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >>> 24)};
          detail = "single-segment zstd frame of declared size " + size;
        }
        int block = map.length << 3 | 1; // last block, raw
        byte[] payload = concat(header, new byte[] {(byte) block, (byte) (block >> 8), (byte) (block >> 16)}, map);
        yield violation(kind, Frame.of(freshOddId(), s.id, StreamFlags.ENCODED, FrameType.COMMAND_REQUEST,
            FrameType.FLAG_NEW, payload), detail);
      }
      case DECODE_BOMB -> {
        boolean request = r.chance(50);
        int bound = request ? limits.maxRequestBytes() : limits.maxDataBytes();
        int decoded = bound + 1 + r.nextInt(4096);
        // zlib expands at most about 1000-fold; zstd far more, for frames too small for zlib's output
        boolean zlibFits = decoded / 1000 + 64 <= limits.maxFrameSize();
        boolean zstd = limits.supports(EncodingProfiles.ZSTD_8MB.name());
        if (!zstd && !zlibFits) {
          throw new IllegalArgumentException("DECODE_BOMB needs zstd-8mb, or a frame size that fits zlib's output");
        }
        boolean zlib = zlibFits && limits.supports(EncodingProfiles.ZLIB.name()) && (!zstd || r.chance(50));
        StreamModel s = freshEncodingStream(zlib ? EncodingProfiles.ZLIB : EncodingProfiles.ZSTD_8MB);
        int id = freshOddId();
        byte[] plain = new byte[decoded];
        FrameType type = FrameType.COMMAND_REQUEST;
        int flags = FrameType.FLAG_NEW;
        if (request) {
          // name, args: {k: <byte string of zeros>} up to the decoded size
          byte[] head = concat(requestMapPrefix(), new byte[] {(byte) 0xa1, 0x41, 'k', 0x5a});
          int len = decoded - head.length - 4;
          System.arraycopy(concat(head, new byte[] {(byte) (len >>> 24), (byte) (len >> 16), (byte) (len >> 8), (byte) len}),
              0, plain, 0, head.length + 4);
        } else {
          byte[] map = CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echodata")));
          emit(Frame.of(id, s.id, StreamFlags.ENCODED, FrameType.COMMAND_REQUEST,
              FrameType.FLAG_NEW | FrameType.FLAG_HAVE_DATA, EncoderPipe.encode(s.encoder, map, true)));
          usedIds.add(id);
          requests++;
          type = FrameType.COMMAND_DATA;
          flags = FrameType.FLAG_EOS;
        }
        byte[] payload = EncoderPipe.encode(s.encoder, plain, true);
        if (payload.length > limits.maxFrameSize()) {
          throw new IllegalArgumentException("DECODE_BOMB needs a frame of " + payload.length + " bytes");
        }
        yield violation(kind, Frame.of(id, s.id, StreamFlags.ENCODED, type, flags, payload),
            (request ? "command request" : "command data") + " of " + payload.length + " " + s.profile.name()
                + " bytes decoding to " + decoded + ", bound " + bound);
      }
      case SETTINGS_NOT_FIRST, SETTINGS_REPEATED -> {
        if (frames.isEmpty()) {
          completeRequest();
        }
        StreamModel s = streamOrReuse();
        byte[] payload = CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("contentencodings"),
            CborValue.Array.of(CborValue.Bytes.of("identity"))));
        yield violation(kind, Frame.of(anyOddId(), s.id, begin(s), FrameType.SENDER_PROTOCOL_SETTINGS,
            FrameType.FLAG_EOS, payload), settingsSent ? "sender settings again" : "sender settings after other frames");
      }
      case SETTINGS_MALFORMED -> {
        StreamModel s = streamOrReuse();
        int which = r.nextInt(4);
        if (which < 2) {
          byte[] payload = CborEncoder.encode(CborValue.MapValue.of());
          yield violation(kind, Frame.of(anyOddId(), s.id, begin(s), FrameType.SENDER_PROTOCOL_SETTINGS,
              which == 0 ? FrameType.FLAG_CONTINUATION | FrameType.FLAG_EOS : 0, payload),
              which == 0 ? "sender settings with continuation and eos" : "sender settings with neither flag");
        }
        CborValue bad = which == 2
            ? r.pick(List.of(CborValue.Array.of(), CborValue.Bytes.of("identity"), new CborValue.Int(1)))
            : CborValue.MapValue.of(CborValue.Bytes.of("contentencodings"), r.pick(List.of(
                CborValue.Bytes.of("identity"), CborValue.Array.of(new CborValue.Int(3)),
                CborValue.MapValue.of())));
        yield violation(kind, Frame.of(anyOddId(), s.id, begin(s), FrameType.SENDER_PROTOCOL_SETTINGS,
            FrameType.FLAG_EOS, CborEncoder.encode(bad)), "sender settings " + bad);
      }
      case SETTINGS_TOO_LARGE -> {
        // Frames within the maximum frame size, all with continuation; the last one passes the bound.
        StreamModel s = streamOrReuse();
        int id = anyOddId();
        int bound = ProtocolLimits.MAX_SETTINGS_BYTES;
        int biggest = limits.maxFrameSize();
        int sent = 0;
        while (true) {
          int length = 1 + (r.chance(70) ? biggest - 1 - r.nextInt(Math.min(biggest, 16)) : r.nextInt(biggest));
          Frame f = Frame.of(id, s.id, begin(s), FrameType.SENDER_PROTOCOL_SETTINGS, FrameType.FLAG_CONTINUATION,
              filler(length));
          sent += length;
          if (sent > bound) {
            yield violation(kind, f, sent + " bytes of sender settings");
          }
          emit(f);
        }
      }
      case NOT_A_REQUEST_MAP -> {
        CborValue notMap = r.pick(List.of(
            CborValue.Array.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echo")),
            CborValue.Bytes.of("echo"),
            new CborValue.Int(r.nextInt(100)),
            CborValue.MapValue.of(CborValue.Bytes.of("args"), CborValue.MapValue.of()),
            CborValue.MapValue.of(CborValue.Bytes.of("name"), new CborValue.Int(7)),
            CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echo"),
                CborValue.Bytes.of("args"), CborValue.Array.of())));
        yield requestWithPayload(kind, CborEncoder.encode(notMap), "request payload " + notMap);
      }
      case NEW_AND_CONTINUATION -> {
        Frame f = freshRequestFrame(freshOddId(), null, 0);
        yield violation(kind, withFlags(f, FrameType.FLAG_NEW | FrameType.FLAG_REQUEST_CONTINUATION),
            "new and continuation on request " + f.requestId());
      }
      case NEITHER_NEW_NOR_CONTINUATION -> {
        if (r.chance(50)) {
          Frame f = freshRequestFrame(freshOddId(), null, 0);
          yield violation(kind, withFlags(f, 0), "first frame of request " + f.requestId() + " without new");
        }
        RequestModel q = partialRequest(r.chance(50), false);
        int flags = FramedRequest.requestFlags(q.next, q.requestChunks.size(), q.haveData)
            & ~FrameType.FLAG_REQUEST_CONTINUATION;
        yield violation(kind, Frame.of(q.id, anyOpenStream().id, 0, FrameType.COMMAND_REQUEST, flags,
            q.requestChunks.get(q.next)), "later frame of request " + q.id + " without continuation");
      }
      case NEW_ID_IN_FLIGHT -> {
        RequestModel q = partialRequest(r.chance(50), r.chance(30));
        yield violation(kind, freshRequestFrame(q.id, null, 0), "new request " + q.id + " while it is in flight");
      }
      case CONTINUATION_NOT_IN_FLIGHT -> {
        Frame f = freshRequestFrame(freshOddId(), null, 0);
        yield violation(kind, withFlags(f, FrameType.FLAG_REQUEST_CONTINUATION),
            "continuation of request " + f.requestId() + ", never started");
      }
      case DATA_WITHOUT_HAVE_DATA -> {
        RequestModel q = partialRequest(false, false);
        yield violation(kind, Frame.of(q.id, anyOpenStream().id, 0, FrameType.COMMAND_DATA, FrameType.FLAG_EOS,
            filler(r.nextInt(8))), "command data for request " + q.id + " without have-data");
      }
      case DATA_FLAGS -> {
        RequestModel q = partialRequest(true, true);
        int flags = r.chance(50) ? FrameType.FLAG_CONTINUATION | FrameType.FLAG_EOS : 0;
        yield violation(kind, Frame.of(q.id, anyOpenStream().id, 0, FrameType.COMMAND_DATA, flags,
            filler(r.nextInt(8))), "command-data flags " + flags + " for request " + q.id);
      }
      case TOO_MANY_DECODERS -> {
        if (openStreams(x -> true).size() + limits.maxDecoderContexts() - contexts + 1 > limits.maxOpenStreams()) {
          throw new IllegalArgumentException("TOO_MANY_DECODERS needs maxOpenStreams above maxDecoderContexts + "
              + MAX_OPEN_STREAMS + " (else it breaks STREAM-6 first)");
        }
        while (contexts < limits.maxDecoderContexts()) {
          streamSettings(newStream(), r.pick(compressed));
        }
        StreamModel s = newStream();
        EncodingProfile profile = r.pick(compressed);
        yield violation(kind, Frame.of(anyOddId(), s.id, begin(s), FrameType.STREAM_SETTINGS, FrameType.FLAG_EOS,
            CborEncoder.encode(CborValue.Bytes.of(profile.name()))),
            profile.name() + " context beyond " + limits.maxDecoderContexts());
      }
      case TOO_MANY_STREAMS -> {
        if (limits.maxOpenStreams() >= 128) {
          throw new IllegalArgumentException("TOO_MANY_STREAMS needs maxOpenStreams below 128");
        }
        while (openStreams(x -> true).size() < limits.maxOpenStreams()) {
          StreamModel s = newStream(); // opened by identity stream settings: no request, no context
          emit(Frame.of(anyOddId(), s.id, begin(s), FrameType.STREAM_SETTINGS, FrameType.FLAG_EOS,
              CborEncoder.encode(CborValue.Bytes.of("identity"))));
        }
        StreamModel extra = newStream();
        Frame f = freshRequestFrame(freshOddId(), extra, 0);
        yield violation(kind, f, "stream " + extra.id + " beyond " + limits.maxOpenStreams() + " open");
      }
      case TOO_MANY_REQUESTS -> {
        // Requests whose first frame was sent and whose last was not are in flight (the reference
        // answers a request as soon as it has arrived in full).
        while (partial.size() < limits.maxRequestsInFlight()) {
          partialRequest(r.chance(30), false);
        }
        Frame f = freshRequestFrame(freshOddId(), null, 0);
        yield violation(kind, f, "request " + f.requestId() + " beyond " + limits.maxRequestsInFlight() + " in flight");
      }
      case TOO_MANY_EMPTY_FRAMES -> {
        // Empty command-data frames with continuation are valid for a request receiving its data.
        RequestModel q = partialRequest(true, true);
        int stream = anyOpenStream().id;
        int run = 0;
        for (int i = frames.size() - 1; i >= 0 && frames.get(i).header().payloadLength() == 0; i--) {
          run++;
        }
        for (; run < limits.maxEmptyFrames(); run++) {
          emit(Frame.of(q.id, stream, 0, FrameType.COMMAND_DATA, FrameType.FLAG_CONTINUATION, new byte[0]));
        }
        yield violation(kind, Frame.of(q.id, stream, 0, FrameType.COMMAND_DATA, FrameType.FLAG_CONTINUATION,
            new byte[0]), "empty frame " + (limits.maxEmptyFrames() + 1) + " in a row");
      }
      case REQUEST_TOO_LARGE -> tooLarge(kind, true);
      case DATA_TOO_LARGE -> tooLarge(kind, false);
      case HAVE_DATA_CHANGES -> {
        boolean firstHasData = r.chance(50);
        RequestModel q = partialRequest(firstHasData, false);
        int flags = FramedRequest.requestFlags(q.next, q.requestChunks.size(), !firstHasData);
        yield violation(kind, Frame.of(q.id, anyOpenStream().id, 0, FrameType.COMMAND_REQUEST, flags,
            q.requestChunks.get(q.next)), "have-data " + (firstHasData ? "dropped" : "added") + " on request " + q.id);
      }
      case MALFORMED_REQUEST_CBOR -> {
        byte[] bad = r.pick(CborArbitraries.MALFORMED_ITEMS);
        byte[] payload = concat(requestMapPrefix(), new byte[] {(byte) 0xa1, 0x41, 'k'}, bad);
        yield requestWithPayload(kind, payload, "item " + HexFormat.of().formatHex(bad) + " in the request map");
      }
      case TRUNCATED_REQUEST_CBOR -> {
        CborCase c = CborArbitraries.make(CborCase.Kind.TRUNCATED, Payloads.requestMap(r), r, limits.cborMaxDepth());
        yield requestWithPayload(kind, c.bytes(), "request map cut to " + c.bytes().length + " bytes");
      }
      case REQUEST_CBOR_TOO_DEEP -> {
        // name, then args: {k: VALUE}; VALUE's items sit two levels below the top (SPEC.md §5.4).
        int relativeLimit = limits.cborMaxDepth() - 2;
        int roomForLevels = Math.max(0, (limits.maxRequestBytes() - 32) / 3 - relativeLimit - 1);
        int extra = r.chance(20) ? r.nextInt(Math.min(roomForLevels, 100_000) + 1) : r.nextInt(Math.min(roomForLevels, 2) + 1);
        CborCase deep = CborArbitraries.nested(CborCase.Kind.NESTED_PAST_LIMIT, relativeLimit + 1 + extra, relativeLimit, r);
        byte[] payload = concat(requestMapPrefix(), new byte[] {(byte) 0xa1, 0x41, 'k'}, deep.bytes());
        yield requestWithPayload(kind, payload, "request map nested past depth " + limits.cborMaxDepth());
      }
      case REQUEST_EXTRA_ITEMS -> {
        byte[] map = CborEncoder.encode(Payloads.requestMap(r));
        int extra = 1 + r.nextInt(2);
        byte[] payload = map;
        for (int i = 0; i < extra; i++) {
          payload = concat(payload, CborEncoder.encode(r.chance(50) ? Payloads.requestMap(r) : Payloads.value(r, 1)));
        }
        if (payload.length > limits.maxRequestBytes()) {
          payload = concat(CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echo"))),
              new byte[] {0x01});
          extra = 1;
        }
        yield requestWithPayload(kind, payload, "request map followed by " + extra + " more item(s)");
      }
      case DUPLICATE_KEY -> {
        byte[] key = CborEncoder.encode(r.chance(70) ? CborValue.Bytes.of(Payloads.name(r)) : new CborValue.Int(r.nextInt(24)));
        byte[] v1 = CborEncoder.encode(Payloads.value(r, 1));
        byte[] v2 = CborEncoder.encode(Payloads.value(r, 1));
        int which = r.nextInt(3);
        byte[] payload;
        String detail;
        if (which == 0) {
          byte[] name = concat(CborEncoder.encode(CborValue.Bytes.of("name")), CborEncoder.encode(CborValue.Bytes.of("echo")));
          payload = concat(new byte[] {(byte) 0xa2}, name, name);
          detail = "request map with name twice";
        } else if (which == 1) {
          payload = concat(requestMapPrefix(), new byte[] {(byte) 0xa2}, key, v1, key, v2);
          detail = "args map with key " + HexFormat.of().formatHex(key) + " twice";
        } else {
          payload = concat(requestMapPrefix(), new byte[] {(byte) 0xa1, 0x41, 's', (byte) 0xd9, 0x01, 0x02, (byte) 0x82}, v1, v1);
          detail = "set in args with item " + HexFormat.of().formatHex(v1) + " twice";
        }
        yield requestWithPayload(kind, payload, detail);
      }
      case REQUEST_CBOR_LENGTH_PAST_END -> {
        CborCase c = CborArbitraries.make(CborCase.Kind.OVERLONG_LENGTH, Payloads.requestMap(r), r, limits.cborMaxDepth());
        yield requestWithPayload(kind, c.bytes(), "request map with a head declaring more than the unit holds");
      }
    };
  }

  /**
   * A stream whose stream settings for {@code profile} have just been sent, so its context has
   * decoded nothing yet: a new stream, or an open one without settings when no more may open. The
   * valid prefix leaves one decoder context spare for it ({@link #chooseProfile()}).
   */
  private StreamModel freshEncodingStream(EncodingProfile profile) {
    StreamModel s = openStreams(x -> true).size() < maxOpenStreams() ? newStream() : streamInState(StreamState.OPEN);
    if (s.state == StreamState.OPEN) {
      streamSettings(s, profile);
    }
    return s;
  }

  /** {@code a2 44 'name' 44 'echo' 44 'args'}: a request map up to the value of args. */
  private static byte[] requestMapPrefix() {
    return concat(new byte[] {(byte) 0xa2}, CborEncoder.encode(CborValue.Bytes.of("name")),
        CborEncoder.encode(CborValue.Bytes.of("echo")), CborEncoder.encode(CborValue.Bytes.of("args")));
  }

  /**
   * A new request whose joined command-request payloads are {@code payload}, in up to three frames
   * of at most the maximum frame size: the last frame is the violation, found when the request map
   * is complete.
   */
  private Conversation requestWithPayload(ViolationKind kind, byte[] payload, String detail) {
    if (payload.length > limits.maxRequestBytes()) {
      throw new IllegalStateException("request payload of " + payload.length + " bytes exceeds maxRequestBytes");
    }
    int id = freshOddId();
    StreamModel s = streamForUnencoded();
    List<byte[]> chunks = cut(payload, 1 + r.nextInt(3), false);
    for (int i = 0; i < chunks.size() - 1; i++) {
      emit(Frame.of(id, s.id, begin(s), FrameType.COMMAND_REQUEST,
          FramedRequest.requestFlags(i, chunks.size(), false), chunks.get(i)));
    }
    int last = chunks.size() - 1;
    return violation(kind, Frame.of(id, s.id, begin(s), FrameType.COMMAND_REQUEST,
        FramedRequest.requestFlags(last, chunks.size(), false), chunks.get(last)), detail);
  }

  /** A request whose map, or whose data, grows past its bound; the frame that crosses it is the violation. */
  private Conversation tooLarge(ViolationKind kind, boolean request) {
    int bound = request ? limits.maxRequestBytes() : limits.maxDataBytes();
    int size = bound + 1 + r.nextInt(64);
    int id = freshOddId();
    StreamModel s = streamForUnencoded();
    int chunk = Math.max(1, Math.min(limits.maxFrameSize(), Math.max(size / (1 + r.nextInt(4)), 1)));
    if (request) {
      byte[] map = CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echo"),
          CborValue.Bytes.of("args"), CborValue.MapValue.of(CborValue.Bytes.of("blob"), new CborValue.Bytes(new byte[size]))));
      int sent = 0;
      int index = 0;
      while (true) {
        int n = Math.min(chunk, map.length - sent);
        boolean crosses = sent + n > bound;
        int flags = (index == 0 ? FrameType.FLAG_NEW : FrameType.FLAG_REQUEST_CONTINUATION)
            | (sent + n < map.length ? FrameType.FLAG_MORE : 0);
        Frame f = Frame.of(id, s.id, index == 0 ? begin(s) : 0, FrameType.COMMAND_REQUEST, flags,
            Arrays.copyOfRange(map, sent, sent + n));
        if (crosses) {
          return violation(kind, f, "request map of " + map.length + " bytes, bound " + bound);
        }
        emit(f);
        sent += n;
        index++;
      }
    }
    byte[] map = CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echodata")));
    emit(Frame.of(id, s.id, begin(s), FrameType.COMMAND_REQUEST, FrameType.FLAG_NEW | FrameType.FLAG_HAVE_DATA, map));
    int sent = 0;
    while (true) {
      int n = Math.min(chunk, size - sent);
      boolean last = sent + n == size;
      Frame f = Frame.of(id, s.id, 0, FrameType.COMMAND_DATA, last ? FrameType.FLAG_EOS : FrameType.FLAG_CONTINUATION,
          new byte[n]);
      if (sent + n > bound) {
        return violation(kind, f, "command data of " + size + " bytes, bound " + bound);
      }
      emit(f);
      sent += n;
    }
  }

  /** Sends one complete single-frame request, so the conversation has a frame before the violation. */
  private void completeRequest() {
    RequestModel q = plan(freshOddId(), CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echo")),
        null, 1, 1);
    partial.add(q);
    while (!q.done()) {
      advance(q, null);
    }
  }

  /**
   * Starts a new unencoded request and sends part of it: its first frame only, or (with {@code
   * inData}, which implies have-data) all its request frames and some of its data frames, never the
   * eos one. The request is left in flight.
   */
  private RequestModel partialRequest(boolean haveData, boolean inData) {
    CborValue.MapValue map = Payloads.requestMap(r);
    byte[] data = haveData || inData ? Payloads.data(r, Math.min(64, limits.maxDataBytes())) : null;
    if (data != null && data.length < 2) {
      data = new byte[] {1, 2};
    }
    RequestModel q = plan(freshOddId(), map, data, inData ? 1 : 2, inData ? 2 : 1);
    partial.add(q);
    int send = inData ? q.requestChunks.size() + r.nextInt(q.dataChunks.size() - 1) : 1;
    for (int i = 0; i < send; i++) {
      advance(q, null);
    }
    return q;
  }

  /** An open stream; opens one (with a half-sent request) when none is. */
  private StreamModel anyOpenStream() {
    List<StreamModel> open = openStreams(s -> true);
    if (!open.isEmpty()) {
      return r.pick(open);
    }
    partialRequest(false, false);
    return openStreams(s -> true).get(0);
  }

  /** An open stream in {@code state}; sets one up when there is none. */
  private StreamModel streamInState(StreamState state) {
    List<StreamModel> candidates = openStreams(s -> s.state == state);
    if (!candidates.isEmpty()) {
      return r.pick(candidates);
    }
    StreamModel s = state == StreamState.ENCODING
        ? openStreams(x -> x.state == StreamState.OPEN).stream().findFirst().orElseGet(this::newStream)
        : newStream();
    if (state == StreamState.ENCODING) {
      streamSettings(s, chooseProfile());
    } else {
      RequestModel q = partialRequest(false, false);
      if (!s.begun) {
        // the request went elsewhere: open s with the request's next frame
        advance(q, s);
      }
    }
    return s;
  }

  /** A closed odd stream id: never used, or (with {@code endedBefore}) one that was opened and ended. */
  private int closedStreamId(boolean endedBefore) {
    if (endedBefore) {
      for (int id = 1; id < 256; id += 2) {
        if (ended[id] && streams[id] == null) {
          return id;
        }
      }
      StreamModel s = newStream();
      int id = freshOddId();
      usedIds.add(id);
      requests++;
      emit(Frame.of(id, s.id, begin(s) | StreamFlags.END, FrameType.COMMAND_REQUEST, FrameType.FLAG_NEW,
          CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echo")))));
      completed.add(id);
      close(s);
      return s.id;
    }
    int start = 1 + 2 * r.nextInt(128);
    for (int i = 0; i < 128; i++) {
      int id = (start + 2 * i) % 256;
      if (streams[id] == null && !ended[id]) {
        return id;
      }
    }
    throw new IllegalStateException("every odd stream id was used");
  }

  /** A complete single-frame request with a fresh map: on {@code stream} or a valid choice of stream. */
  private Frame freshRequestFrame(int id, StreamModel stream, int extraStreamFlags) {
    StreamModel s = stream != null ? stream : streamForUnencoded();
    byte[] payload = CborEncoder.encode(Payloads.requestMap(r));
    if (payload.length > limits.maxFrameSize()) {
      payload = CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echo")));
    }
    int streamFlags = (s.begun ? 0 : StreamFlags.BEGIN) | extraStreamFlags;
    return Frame.of(id, s.id, streamFlags, FrameType.COMMAND_REQUEST, FrameType.FLAG_NEW, payload);
  }

  private Conversation violation(ViolationKind kind, Frame frame, String detail) {
    frames.add(frame);
    return new Conversation(frames, new byte[0], new Violation(kind, frames.size() - 1, detail), completed);
  }

  private static Frame withStreamFlags(Frame f, int streamFlags) {
    FrameHeader h = f.header();
    return new Frame(new FrameHeader(h.payloadLength(), h.requestId(), h.streamId(), streamFlags, h.typeCode(), h.flags()),
        f.payload());
  }

  private static Frame withStream(Frame f, int streamId, int streamFlags) {
    FrameHeader h = f.header();
    return new Frame(new FrameHeader(h.payloadLength(), h.requestId(), streamId, streamFlags, h.typeCode(), h.flags()),
        f.payload());
  }

  private static Frame withFlags(Frame f, int flags) {
    FrameHeader h = f.header();
    return new Frame(new FrameHeader(h.payloadLength(), h.requestId(), h.streamId(), h.streamFlags(), h.typeCode(), flags),
        f.payload());
  }

  private static int serverFlags(FrameType type) {
    return type == FrameType.COMMAND_RESPONSE ? FrameType.FLAG_EOS : 0;
  }

  private static byte[] serverPayload(FrameType type) {
    CborValue v = switch (type) {
      case COMMAND_RESPONSE -> CborValue.MapValue.of(CborValue.Bytes.of("status"), CborValue.Bytes.of("ok"));
      case ERROR_RESPONSE -> CborValue.MapValue.of(CborValue.Bytes.of("type"), CborValue.Bytes.of("server"),
          CborValue.Bytes.of("message"), CborValue.Array.of(CborValue.MapValue.of(CborValue.Bytes.of("msg"),
              CborValue.Bytes.of("failed"))));
      case TEXT_OUTPUT -> CborValue.Array.of(CborValue.MapValue.of(CborValue.Bytes.of("msg"), CborValue.Bytes.of("hi")));
      default -> CborValue.MapValue.of(CborValue.Bytes.of("topic"), CborValue.Bytes.of("work"),
          CborValue.Bytes.of("pos"), new CborValue.Int(1));
    };
    return CborEncoder.encode(v);
  }

  private byte[] filler(int length) {
    byte[] b = new byte[length];
    int seed = r.nextInt(256);
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (seed + i);
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
