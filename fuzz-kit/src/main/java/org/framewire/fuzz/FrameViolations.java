package org.framewire.fuzz;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;
import org.framewire.fuzz.ConversationBuilder.RequestModel;
import org.framewire.fuzz.ConversationBuilder.StreamModel;
import org.framewire.streams.StreamSettings;

/**
 * One family of the conversation model's violations, the frame-level violations (SPEC.md §2):
 * sizes, types, flags, truncation, request-id parity, direction. {@link ConversationBuilder} hands
 * each of these {@link ViolationKind}s here after its valid prefix; the code injects the setup
 * frames the kind needs and the one violating frame. The model's state and its setup helpers stay
 * in the builder and are read through it, so the same decisions give the same bytes as before the
 * split (ConversationBytesPinnedTest).
 */
final class FrameViolations {

  /** The kinds this family injects. */
  static final Set<ViolationKind> KINDS = EnumSet.of(
      ViolationKind.FRAME_TOO_LONG,
      ViolationKind.RESERVED_TYPE,
      ViolationKind.UNDEFINED_FRAME_FLAG,
      ViolationKind.UNDEFINED_STREAM_FLAG,
      ViolationKind.TRUNCATED_HEADER,
      ViolationKind.TRUNCATED_PAYLOAD,
      ViolationKind.EVEN_REQUEST_ID,
      ViolationKind.SERVER_FRAME_TYPE);

  private final ConversationBuilder b;

  FrameViolations(ConversationBuilder b) {
    this.b = b;
  }

  /** The violation of {@code kind} (one of {@link #KINDS}) at the end of the builder's prefix. */
  Conversation inject(ViolationKind kind) {
    return switch (kind) {
      case FRAME_TOO_LONG -> {
        RequestModel q = b.partialRequest(true, true);
        int length = b.limits.maxFrameSize() + 1 + b.r.nextInt(16);
        yield b.violation(kind, Frame.of(q.id, b.anyOpenStream().id, 0, FrameType.COMMAND_DATA,
            FrameType.FLAG_CONTINUATION, b.filler(length)), "command-data of " + length + " bytes for request " + q.id);
      }
      case RESERVED_TYPE -> {
        int code = b.r.pick(FrameArbitraries.RESERVED_TYPE_CODES);
        StreamModel s = b.anyOpenStream();
        byte[] payload = b.filler(b.r.nextInt(12));
        FrameHeader h = new FrameHeader(payload.length, b.freshOddId(), s.id, 0, code, 0);
        yield b.violation(kind, new Frame(h, ByteBuffer.wrap(payload)), "type code " + code);
      }
      case UNDEFINED_FRAME_FLAG -> {
        int bit = b.r.chance(50) ? 0x4 : 0x8;
        if (b.r.chance(50)) {
          RequestModel q = b.partialRequest(true, true);
          yield b.violation(kind, Frame.of(q.id, b.anyOpenStream().id, 0, FrameType.COMMAND_DATA,
              FrameType.FLAG_CONTINUATION | bit, b.filler(1 + b.r.nextInt(8))), "command-data flag 0x" + bit);
        }
        StreamModel s = b.settingsStream();
        yield b.violation(kind, Frame.of(b.anyOddId(), s.id, b.begin(s), FrameType.STREAM_SETTINGS,
            FrameType.FLAG_EOS | bit, StreamSettings.of(b.r.pick(b.profiles)).encode()), "stream-settings flag 0x" + bit);
      }
      case UNDEFINED_STREAM_FLAG -> {
        int bit = 0x08 << b.r.nextInt(5);
        Frame f = b.freshRequestFrame(b.freshOddId(), null, 0);
        yield b.violation(kind, withStreamFlags(f, f.streamFlags() | bit), "stream flag 0x" + Integer.toHexString(bit));
      }
      case TRUNCATED_HEADER, TRUNCATED_PAYLOAD -> {
        byte[] whole = b.freshRequestFrame(b.freshOddId(), null, 0).toBytes();
        int keep = kind == ViolationKind.TRUNCATED_HEADER
            ? 1 + b.r.nextInt(FrameHeader.SIZE - 1)
            : FrameHeader.SIZE + b.r.nextInt(whole.length - FrameHeader.SIZE);
        yield new Conversation(b.frames, Arrays.copyOf(whole, keep),
            new Violation(kind, b.frames.size(), "input ends after " + keep + " of " + whole.length + " bytes of a frame"),
            b.completed);
      }
      case EVEN_REQUEST_ID -> {
        int id = b.r.chance(20) ? 0 : 2 * (1 + b.r.nextInt(0x7FFF));
        yield b.violation(kind, b.freshRequestFrame(id, null, 0), "request id " + id);
      }
      case SERVER_FRAME_TYPE -> {
        FrameType type = b.r.pick(List.of(FrameType.COMMAND_RESPONSE, FrameType.ERROR_RESPONSE,
            FrameType.TEXT_OUTPUT, FrameType.PROGRESS));
        RequestModel q = b.partialRequest(b.r.chance(50), false);
        yield b.violation(kind, Frame.of(q.id, b.anyOpenStream().id, 0, type, serverFlags(type), serverPayload(type)),
            type + " for request " + q.id);
      }
      default -> throw new IllegalArgumentException(kind + " is not a frame violation");
    };
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

  static Frame withStreamFlags(Frame f, int streamFlags) {
    FrameHeader h = f.header();
    return new Frame(new FrameHeader(h.payloadLength(), h.requestId(), h.streamId(), streamFlags, h.typeCode(), h.flags()),
        f.payload());
  }

  static Frame withStream(Frame f, int streamId, int streamFlags) {
    FrameHeader h = f.header();
    return new Frame(new FrameHeader(h.payloadLength(), h.requestId(), streamId, streamFlags, h.typeCode(), h.flags()),
        f.payload());
  }

  static Frame withFlags(Frame f, int flags) {
    FrameHeader h = f.header();
    return new Frame(new FrameHeader(h.payloadLength(), h.requestId(), h.streamId(), h.streamFlags(), h.typeCode(), flags),
        f.payload());
  }
}
