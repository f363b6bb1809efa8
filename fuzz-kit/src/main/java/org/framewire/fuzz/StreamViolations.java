package org.framewire.fuzz;

import static org.framewire.fuzz.CborViolations.requestMapPrefix;
import static org.framewire.fuzz.ConversationBuilder.MAX_OPEN_STREAMS;
import static org.framewire.fuzz.ConversationBuilder.concat;
import static org.framewire.fuzz.FrameViolations.withStream;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.fuzz.ConversationBuilder.StreamModel;
import org.framewire.fuzz.ConversationBuilder.StreamState;
import org.framewire.streams.StreamSettings;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;

/**
 * One family of the conversation model's violations, the stream and encoding violations (SPEC.md
 * §3, §4): stream ids and flags, stream settings, compression contexts and their bounds. {@link
 * ConversationBuilder} hands each of these {@link ViolationKind}s here after its valid prefix; the
 * code injects the setup frames the kind needs and the one violating frame. The model's state and
 * its setup helpers stay in the builder and are read through it, so the same decisions give the
 * same bytes as before the split (ConversationBytesPinnedTest).
 */
final class StreamViolations {

  /** The kinds this family injects. */
  static final Set<ViolationKind> KINDS = EnumSet.of(
      ViolationKind.EVEN_STREAM_ID,
      ViolationKind.STREAM_ZERO,
      ViolationKind.MISSING_BEGIN,
      ViolationKind.MISSING_BEGIN_AFTER_END,
      ViolationKind.BEGIN_ON_OPEN_STREAM,
      ViolationKind.ENCODED_BEFORE_SETTINGS,
      ViolationKind.ENCODED_SETTINGS_FRAME,
      ViolationKind.UNKNOWN_PROFILE,
      ViolationKind.SETTINGS_TWICE,
      ViolationKind.SETTINGS_INTERRUPTED,
      ViolationKind.ENCODED_CORRUPT,
      ViolationKind.ZSTD_WINDOW_TOO_LARGE,
      ViolationKind.DECODE_BOMB,
      ViolationKind.TOO_MANY_DECODERS,
      ViolationKind.TOO_MANY_STREAMS);

  private final ConversationBuilder b;

  StreamViolations(ConversationBuilder b) {
    this.b = b;
  }

  /** The violation of {@code kind} (one of {@link #KINDS}) at the end of the builder's prefix. */
  Conversation inject(ViolationKind kind) {
    return switch (kind) {
      case EVEN_STREAM_ID, STREAM_ZERO -> {
        int stream = kind == ViolationKind.STREAM_ZERO ? 0 : 2 * (1 + b.r.nextInt(127));
        yield b.violation(kind, withStream(b.freshRequestFrame(b.freshOddId(), null, 0), stream, StreamFlags.BEGIN),
            "stream " + stream);
      }
      case MISSING_BEGIN -> {
        int stream = closedStreamId(false);
        yield b.violation(kind, withStream(b.freshRequestFrame(b.freshOddId(), null, 0), stream, 0),
            "first frame on stream " + stream + " without stream-begin");
      }
      case MISSING_BEGIN_AFTER_END -> {
        int stream = closedStreamId(true);
        yield b.violation(kind, withStream(b.freshRequestFrame(b.freshOddId(), null, 0), stream, 0),
            "first frame on ended stream " + stream + " without stream-begin");
      }
      case BEGIN_ON_OPEN_STREAM -> {
        StreamModel s = b.anyOpenStream();
        yield b.violation(kind, withStream(b.freshRequestFrame(b.freshOddId(), null, 0), s.id, StreamFlags.BEGIN),
            "stream-begin on open stream " + s.id);
      }
      case ENCODED_BEFORE_SETTINGS -> {
        StreamModel s = b.streamInState(StreamState.OPEN);
        yield b.violation(kind, withStream(b.freshRequestFrame(b.freshOddId(), null, 0), s.id, StreamFlags.ENCODED),
            "encoded frame on stream " + s.id + " without settings");
      }
      case ENCODED_SETTINGS_FRAME -> {
        StreamModel s = b.settingsStream();
        yield b.violation(kind, Frame.of(b.anyOddId(), s.id, b.begin(s) | StreamFlags.ENCODED, FrameType.STREAM_SETTINGS,
            FrameType.FLAG_EOS, StreamSettings.of(b.r.pick(b.profiles)).encode()), "stream-settings with encoded");
      }
      case UNKNOWN_PROFILE -> {
        StreamModel s = b.settingsStream();
        String name = b.r.pick(List.of("brotli", "lz4", "gzip", "zstd-16mb", Payloads.name(b.r) + "-x"));
        byte[] payload = CborEncoder.encode(CborValue.Bytes.of(name));
        if (b.r.chance(40)) {
          b.emit(Frame.of(b.anyOddId(), s.id, b.begin(s), FrameType.STREAM_SETTINGS, FrameType.FLAG_CONTINUATION,
              Arrays.copyOf(payload, 1)));
          payload = Arrays.copyOfRange(payload, 1, payload.length);
        }
        yield b.violation(kind, Frame.of(b.anyOddId(), s.id, b.begin(s), FrameType.STREAM_SETTINGS, FrameType.FLAG_EOS,
            payload), "profile " + name);
      }
      case SETTINGS_TWICE -> {
        StreamModel s = b.streamInState(StreamState.ENCODING);
        yield b.violation(kind, Frame.of(b.anyOddId(), s.id, 0, FrameType.STREAM_SETTINGS, FrameType.FLAG_EOS,
            StreamSettings.of(b.r.pick(b.profiles)).encode()), "second stream settings on stream " + s.id);
      }
      case SETTINGS_INTERRUPTED -> {
        StreamModel s = b.settingsStream();
        byte[] payload = StreamSettings.of(b.r.pick(b.profiles)).encode();
        b.emit(Frame.of(b.anyOddId(), s.id, b.begin(s), FrameType.STREAM_SETTINGS, FrameType.FLAG_CONTINUATION,
            Arrays.copyOf(payload, 1)));
        yield b.violation(kind, withStream(b.freshRequestFrame(b.freshOddId(), null, 0), s.id, 0),
            "command request on stream " + s.id + " between its settings frames");
      }
      case ENCODED_CORRUPT -> {
        StreamModel s = freshEncodingStream(b.r.pick(b.compressed));
        byte[] garbage = new byte[8 + b.r.nextInt(24)];
        yield b.violation(kind, withStream(Frame.of(b.freshOddId(), s.id, 0, FrameType.COMMAND_REQUEST,
            FrameType.FLAG_NEW, garbage), s.id, StreamFlags.ENCODED), "zero bytes as " + s.profile.name() + " data");
      }
      case ZSTD_WINDOW_TOO_LARGE -> {
        StreamModel s = freshEncodingStream(EncodingProfiles.ZSTD_8MB);
        byte[] map = CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echo")));
        byte[] header;
        String detail;
        if (b.r.chance(70)) {
          // Window_Descriptor: exponent 13 with a nonzero mantissa, or exponents 14 to 21 (2^31)
          int descriptor = b.r.chance(40) ? 0x68 | (1 + b.r.nextInt(7)) : (14 + b.r.nextInt(8)) << 3 | b.r.nextInt(8);
          header = new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x00, (byte) descriptor};
          detail = "zstd window descriptor 0x" + Integer.toHexString(descriptor);
        } else {
          // Single_Segment_flag with a 4-byte Frame_Content_Size: the window is the content size
          int size = (8 << 20) + 1 + b.r.nextInt(1 << 20);
          header = new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, (byte) 0xa0,
              (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >>> 24)};
          detail = "single-segment zstd frame of declared size " + size;
        }
        int block = map.length << 3 | 1; // last block, raw
        byte[] payload = concat(header, new byte[] {(byte) block, (byte) (block >> 8), (byte) (block >> 16)}, map);
        yield b.violation(kind, Frame.of(b.freshOddId(), s.id, StreamFlags.ENCODED, FrameType.COMMAND_REQUEST,
            FrameType.FLAG_NEW, payload), detail);
      }
      case DECODE_BOMB -> {
        boolean request = b.r.chance(50);
        int bound = request ? b.limits.maxRequestBytes() : b.limits.maxDataBytes();
        int decoded = bound + 1 + b.r.nextInt(4096);
        // zlib expands at most about 1000-fold; zstd far more, for frames too small for zlib's output
        boolean zlibFits = decoded / 1000 + 64 <= b.limits.maxFrameSize();
        boolean zstd = b.limits.supports(EncodingProfiles.ZSTD_8MB.name());
        if (!zstd && !zlibFits) {
          throw new IllegalArgumentException("DECODE_BOMB needs zstd-8mb, or a frame size that fits zlib's output");
        }
        boolean zlib = zlibFits && b.limits.supports(EncodingProfiles.ZLIB.name()) && (!zstd || b.r.chance(50));
        StreamModel s = freshEncodingStream(zlib ? EncodingProfiles.ZLIB : EncodingProfiles.ZSTD_8MB);
        int id = b.freshOddId();
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
          b.emit(Frame.of(id, s.id, StreamFlags.ENCODED, FrameType.COMMAND_REQUEST,
              FrameType.FLAG_NEW | FrameType.FLAG_HAVE_DATA, EncoderPipe.encode(s.encoder, map, true)));
          b.usedIds.add(id);
          b.requests++;
          type = FrameType.COMMAND_DATA;
          flags = FrameType.FLAG_EOS;
        }
        byte[] payload = EncoderPipe.encode(s.encoder, plain, true);
        if (payload.length > b.limits.maxFrameSize()) {
          throw new IllegalArgumentException("DECODE_BOMB needs a frame of " + payload.length + " bytes");
        }
        yield b.violation(kind, Frame.of(id, s.id, StreamFlags.ENCODED, type, flags, payload),
            (request ? "command request" : "command data") + " of " + payload.length + " " + s.profile.name()
                + " bytes decoding to " + decoded + ", bound " + bound);
      }
      case TOO_MANY_DECODERS -> {
        if (b.openStreams(x -> true).size() + b.limits.maxDecoderContexts() - b.contexts + 1 > b.limits.maxOpenStreams()) {
          throw new IllegalArgumentException("TOO_MANY_DECODERS needs maxOpenStreams above maxDecoderContexts + "
              + MAX_OPEN_STREAMS + " (else it breaks STREAM-6 first)");
        }
        while (b.contexts < b.limits.maxDecoderContexts()) {
          b.streamSettings(b.newStream(), b.r.pick(b.compressed));
        }
        StreamModel s = b.newStream();
        EncodingProfile profile = b.r.pick(b.compressed);
        yield b.violation(kind, Frame.of(b.anyOddId(), s.id, b.begin(s), FrameType.STREAM_SETTINGS, FrameType.FLAG_EOS,
            CborEncoder.encode(CborValue.Bytes.of(profile.name()))),
            profile.name() + " context beyond " + b.limits.maxDecoderContexts());
      }
      case TOO_MANY_STREAMS -> {
        if (b.limits.maxOpenStreams() >= 128) {
          throw new IllegalArgumentException("TOO_MANY_STREAMS needs maxOpenStreams below 128");
        }
        while (b.openStreams(x -> true).size() < b.limits.maxOpenStreams()) {
          StreamModel s = b.newStream(); // opened by identity stream settings: no request, no context
          b.emit(Frame.of(b.anyOddId(), s.id, b.begin(s), FrameType.STREAM_SETTINGS, FrameType.FLAG_EOS,
              CborEncoder.encode(CborValue.Bytes.of("identity"))));
        }
        StreamModel extra = b.newStream();
        Frame f = b.freshRequestFrame(b.freshOddId(), extra, 0);
        yield b.violation(kind, f, "stream " + extra.id + " beyond " + b.limits.maxOpenStreams() + " open");
      }
      default -> throw new IllegalArgumentException(kind + " is not a stream violation");
    };
  }

  /**
   * A stream whose stream settings for {@code profile} have just been sent, so its context has
   * decoded nothing yet: a new stream, or an open one without settings when no more may open. The
   * valid prefix leaves one decoder context spare for it ({@link #chooseProfile()}).
   */
  private StreamModel freshEncodingStream(EncodingProfile profile) {
    StreamModel s = b.openStreams(x -> true).size() < b.maxOpenStreams() ? b.newStream() : b.streamInState(StreamState.OPEN);
    if (s.state == StreamState.OPEN) {
      b.streamSettings(s, profile);
    }
    return s;
  }

  /** A closed odd stream id: never used, or (with {@code endedBefore}) one that was opened and ended. */
  private int closedStreamId(boolean endedBefore) {
    if (endedBefore) {
      for (int id = 1; id < 256; id += 2) {
        if (b.ended[id] && b.streams[id] == null) {
          return id;
        }
      }
      StreamModel s = b.newStream();
      int id = b.freshOddId();
      b.usedIds.add(id);
      b.requests++;
      b.emit(Frame.of(id, s.id, b.begin(s) | StreamFlags.END, FrameType.COMMAND_REQUEST, FrameType.FLAG_NEW,
          CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echo")))));
      b.completed.add(id);
      b.close(s);
      return s.id;
    }
    int start = 1 + 2 * b.r.nextInt(128);
    for (int i = 0; i < 128; i++) {
      int id = (start + 2 * i) % 256;
      if (b.streams[id] == null && !b.ended[id]) {
        return id;
      }
    }
    throw new IllegalStateException("every odd stream id was used");
  }
}
