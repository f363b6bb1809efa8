package org.framewire.fuzz;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.fuzz.ConversationBuilder.StreamModel;

/**
 * One family of the conversation model's violations, the sender protocol settings violations
 * (SPEC.md §8): placement, shape and size. {@link ConversationBuilder} hands each of these {@link
 * ViolationKind}s here after its valid prefix; the code injects the setup frames the kind needs
 * and the one violating frame. The model's state and its setup helpers stay in the builder and are
 * read through it, so the same decisions give the same bytes as before the split
 * (ConversationBytesPinnedTest).
 */
final class SettingsViolations {

  /** The kinds this family injects. */
  static final Set<ViolationKind> KINDS = EnumSet.of(
      ViolationKind.SETTINGS_NOT_FIRST,
      ViolationKind.SETTINGS_REPEATED,
      ViolationKind.SETTINGS_MALFORMED,
      ViolationKind.SETTINGS_TOO_LARGE);

  private final ConversationBuilder b;

  SettingsViolations(ConversationBuilder b) {
    this.b = b;
  }

  /** The violation of {@code kind} (one of {@link #KINDS}) at the end of the builder's prefix. */
  Conversation inject(ViolationKind kind) {
    return switch (kind) {
      case SETTINGS_NOT_FIRST, SETTINGS_REPEATED -> {
        if (b.frames.isEmpty()) {
          b.completeRequest();
        }
        StreamModel s = b.streamOrReuse();
        byte[] payload = CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("contentencodings"),
            CborValue.Array.of(CborValue.Bytes.of("identity"))));
        yield b.violation(kind, Frame.of(b.anyOddId(), s.id, b.begin(s), FrameType.SENDER_PROTOCOL_SETTINGS,
            FrameType.FLAG_EOS, payload), b.settingsSent ? "sender settings again" : "sender settings after other frames");
      }
      case SETTINGS_MALFORMED -> {
        StreamModel s = b.streamOrReuse();
        int which = b.r.nextInt(4);
        if (which < 2) {
          byte[] payload = CborEncoder.encode(CborValue.MapValue.of());
          yield b.violation(kind, Frame.of(b.anyOddId(), s.id, b.begin(s), FrameType.SENDER_PROTOCOL_SETTINGS,
              which == 0 ? FrameType.FLAG_CONTINUATION | FrameType.FLAG_EOS : 0, payload),
              which == 0 ? "sender settings with continuation and eos" : "sender settings with neither flag");
        }
        CborValue bad = which == 2
            ? b.r.pick(List.of(CborValue.Array.of(), CborValue.Bytes.of("identity"), new CborValue.Int(1)))
            : CborValue.MapValue.of(CborValue.Bytes.of("contentencodings"), b.r.pick(List.of(
                CborValue.Bytes.of("identity"), CborValue.Array.of(new CborValue.Int(3)),
                CborValue.MapValue.of())));
        yield b.violation(kind, Frame.of(b.anyOddId(), s.id, b.begin(s), FrameType.SENDER_PROTOCOL_SETTINGS,
            FrameType.FLAG_EOS, CborEncoder.encode(bad)), "sender settings " + bad);
      }
      case SETTINGS_TOO_LARGE -> {
        // Frames within the maximum frame size, all with continuation; the last one passes the bound.
        StreamModel s = b.streamOrReuse();
        int id = b.anyOddId();
        int bound = ProtocolLimits.MAX_SETTINGS_BYTES;
        int biggest = b.limits.maxFrameSize();
        int sent = 0;
        while (true) {
          int length = 1 + (b.r.chance(70) ? biggest - 1 - b.r.nextInt(Math.min(biggest, 16)) : b.r.nextInt(biggest));
          Frame f = Frame.of(id, s.id, b.begin(s), FrameType.SENDER_PROTOCOL_SETTINGS, FrameType.FLAG_CONTINUATION,
              b.filler(length));
          sent += length;
          if (sent > bound) {
            yield b.violation(kind, f, sent + " bytes of sender settings");
          }
          b.emit(f);
        }
      }
      default -> throw new IllegalArgumentException(kind + " is not a settings violation");
    };
  }
}
