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
 * violating frame breaks exactly its requirement. The violations are injected by family, each in
 * its own file: {@link FrameViolations}, {@link StreamViolations}, {@link SettingsViolations},
 * {@link RequestViolations} and {@link CborViolations}; they use the model's state and setup
 * helpers, which are package-private for them. Not thread-safe; one builder builds one
 * conversation.
 */
final class ConversationBuilder {

  /** Most steps of a valid conversation; each step sends one frame or one group of settings frames. */
  static final int MAX_STEPS = 40;
  /** Most steps before a violation. */
  static final int MAX_PREFIX_STEPS = 14;
  /** Most client streams the model keeps open at once. */
  static final int MAX_OPEN_STREAMS = 6;
  /** Most requests whose frames are still being sent at once. */
  private static final int MAX_PARTIAL = 4;
  /** Requests kept in reserve below the in-flight bound for the setup of a violation. */
  private static final int RESERVE = 3;

  enum StreamState { OPEN, ENCODING }

  /** One client stream that is open. */
  static final class StreamModel {
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
  static final class RequestModel {
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

  final ProtocolLimits limits;
  /** The profiles the receiver supports ({@link ProtocolLimits#encodings()}), identity first. */
  final List<EncodingProfile> profiles = new ArrayList<>();
  /** The supported profiles with a compression context: zlib, zstd-8mb, or fewer. */
  final List<EncodingProfile> compressed = new ArrayList<>();
  RandomSource r;
  final List<Frame> frames = new ArrayList<>();
  final StreamModel[] streams = new StreamModel[256];
  final boolean[] ended = new boolean[256];
  final Set<Integer> usedIds = new HashSet<>();
  final List<RequestModel> partial = new ArrayList<>();
  final List<Integer> completed = new ArrayList<>();
  boolean settingsSent;
  /** Whether frames may end their stream: not while a violation is being set up. */
  boolean allowEnds = true;
  int contexts;
  int requests;
  int nextId = 1;

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

  void step() {
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

  boolean canStartRequest() {
    return requests < Math.max(1, Math.min(16, limits.maxRequestsInFlight() - RESERVE)) && partial.size() < MAX_PARTIAL;
  }

  void startRequest() {
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
  RequestModel pickReady() {
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
  RequestModel plan(int id, CborValue.MapValue map, byte[] data, int minRequestFrames, int minDataFrames) {
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
  List<byte[]> cut(byte[] bytes, int pieces, boolean allowEmpty) {
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
  void advance(RequestModel q, StreamModel forced) {
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
  int begin(StreamModel s) {
    if (s.begun) {
      return 0;
    }
    s.begun = true;
    return StreamFlags.BEGIN;
  }

  StreamModel streamForUnencoded() {
    List<StreamModel> open = openStreams(s -> true);
    int choice = r.nextInt(open.size() + 1);
    if (choice < open.size()) {
      return open.get(choice);
    }
    return open.size() < maxOpenStreams() ? newStream() : open.get(0);
  }

  int maxOpenStreams() {
    return Math.min(MAX_OPEN_STREAMS, limits.maxOpenStreams());
  }

  /** Registers a stream on a closed odd id; its first frame will carry stream-begin. */
  StreamModel newStream() {
    int id = 1 + 2 * r.nextInt(128);
    while (streams[id] != null) {
      id = id + 2 > 255 ? 1 : id + 2;
    }
    StreamModel s = new StreamModel(id);
    streams[id] = s;
    return s;
  }

  void close(StreamModel s) {
    streams[s.id] = null;
    ended[s.id] = true;
    if (s.encoder != null) {
      s.encoder.close();
      if (!s.profile.isIdentity()) {
        contexts--;
      }
    }
  }

  List<StreamModel> openStreams(java.util.function.Predicate<StreamModel> filter) {
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
  void senderSettings() {
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

  StreamModel streamOrReuse() {
    List<StreamModel> open = openStreams(x -> true);
    return open.size() < maxOpenStreams() ? newStream() : open.get(0);
  }

  boolean canOpenOrChooseSettingsStream() {
    return !openStreams(s -> s.state == StreamState.OPEN).isEmpty() || openStreams(s -> true).size() < maxOpenStreams();
  }

  /** An open stream without settings, or a new one. */
  StreamModel settingsStream() {
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

  EncodingProfile chooseProfile() {
    boolean contextsLeft = contexts < Math.min(3, limits.maxDecoderContexts() - 1); // one spare for freshEncodingStream
    return contextsLeft ? r.pick(profiles) : EncodingProfiles.IDENTITY;
  }

  /** Stream settings for {@code profile} on {@code s} (SPEC.md §4.1), in one or two contiguous frames. */
  void streamSettings(StreamModel s, EncodingProfile profile) {
    settingsFrames(FrameType.STREAM_SETTINGS, s, StreamSettings.of(profile).encode());
    s.state = StreamState.ENCODING;
    s.profile = profile;
    s.encoder = profile.newEncoder();
    if (!profile.isIdentity()) {
      contexts++;
    }
  }

  void settingsFrames(FrameType type, StreamModel s, byte[] payload) {
    List<byte[]> chunks = payload.length > 1 && r.chance(30) ? cut(payload, 2, false) : List.of(payload);
    for (int i = 0; i < chunks.size(); i++) {
      int flags = i < chunks.size() - 1 ? FrameType.FLAG_CONTINUATION : FrameType.FLAG_EOS;
      emit(Frame.of(anyOddId(), s.id, begin(s), type, flags, chunks.get(i)));
    }
  }

  // ---------------------------------------------------------------- ids and frames

  int freshOddId() {
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
  int anyOddId() {
    return 1 + 2 * r.nextInt(8);
  }

  void emit(Frame f) {
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
    if (FrameViolations.KINDS.contains(kind)) {
      return new FrameViolations(this).inject(kind);
    } else if (StreamViolations.KINDS.contains(kind)) {
      return new StreamViolations(this).inject(kind);
    } else if (SettingsViolations.KINDS.contains(kind)) {
      return new SettingsViolations(this).inject(kind);
    } else if (RequestViolations.KINDS.contains(kind)) {
      return new RequestViolations(this).inject(kind);
    }
    return new CborViolations(this).inject(kind);
  }

  /**
   * A new request whose joined command-request payloads are {@code payload}, in up to three frames
   * of at most the maximum frame size: the last frame is the violation, found when the request map
   * is complete.
   */
  Conversation requestWithPayload(ViolationKind kind, byte[] payload, String detail) {
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

  /** Sends one complete single-frame request, so the conversation has a frame before the violation. */
  void completeRequest() {
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
  RequestModel partialRequest(boolean haveData, boolean inData) {
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
  StreamModel anyOpenStream() {
    List<StreamModel> open = openStreams(s -> true);
    if (!open.isEmpty()) {
      return r.pick(open);
    }
    partialRequest(false, false);
    return openStreams(s -> true).get(0);
  }

  /** An open stream in {@code state}; sets one up when there is none. */
  StreamModel streamInState(StreamState state) {
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

  /** A complete single-frame request with a fresh map: on {@code stream} or a valid choice of stream. */
  Frame freshRequestFrame(int id, StreamModel stream, int extraStreamFlags) {
    StreamModel s = stream != null ? stream : streamForUnencoded();
    byte[] payload = CborEncoder.encode(Payloads.requestMap(r));
    if (payload.length > limits.maxFrameSize()) {
      payload = CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echo")));
    }
    int streamFlags = (s.begun ? 0 : StreamFlags.BEGIN) | extraStreamFlags;
    return Frame.of(id, s.id, streamFlags, FrameType.COMMAND_REQUEST, FrameType.FLAG_NEW, payload);
  }

  Conversation violation(ViolationKind kind, Frame frame, String detail) {
    frames.add(frame);
    return new Conversation(frames, new byte[0], new Violation(kind, frames.size() - 1, detail), completed);
  }

  byte[] filler(int length) {
    byte[] b = new byte[length];
    int seed = r.nextInt(256);
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (seed + i);
    }
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
