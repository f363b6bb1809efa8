package org.framewire.fuzz;

import static org.framewire.fuzz.ConversationBuilder.concat;

import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;

/**
 * One family of the conversation model's violations, the violations inside a request map's CBOR
 * (SPEC.md §5): malformed, truncated, too deep, extra items, duplicate keys, lengths past the end.
 * {@link ConversationBuilder} hands each of these {@link ViolationKind}s here after its valid
 * prefix; the code injects the setup frames the kind needs and the one violating frame. The
 * model's state and its setup helpers stay in the builder and are read through it, so the same
 * decisions give the same bytes as before the split (ConversationBytesPinnedTest).
 */
final class CborViolations {

  /** The kinds this family injects. */
  static final Set<ViolationKind> KINDS = EnumSet.of(
      ViolationKind.MALFORMED_REQUEST_CBOR,
      ViolationKind.TRUNCATED_REQUEST_CBOR,
      ViolationKind.REQUEST_CBOR_TOO_DEEP,
      ViolationKind.REQUEST_EXTRA_ITEMS,
      ViolationKind.DUPLICATE_KEY,
      ViolationKind.REQUEST_CBOR_LENGTH_PAST_END);

  private final ConversationBuilder b;

  CborViolations(ConversationBuilder b) {
    this.b = b;
  }

  /** The violation of {@code kind} (one of {@link #KINDS}) at the end of the builder's prefix. */
  Conversation inject(ViolationKind kind) {
    return switch (kind) {
      case MALFORMED_REQUEST_CBOR -> {
        byte[] bad = b.r.pick(CborArbitraries.MALFORMED_ITEMS);
        byte[] payload = concat(requestMapPrefix(), new byte[] {(byte) 0xa1, 0x41, 'k'}, bad);
        yield b.requestWithPayload(kind, payload, "item " + HexFormat.of().formatHex(bad) + " in the request map");
      }
      case TRUNCATED_REQUEST_CBOR -> {
        CborCase c = CborArbitraries.make(CborCase.Kind.TRUNCATED, Payloads.requestMap(b.r), b.r, b.limits.cborMaxDepth());
        yield b.requestWithPayload(kind, c.bytes(), "request map cut to " + c.bytes().length + " bytes");
      }
      case REQUEST_CBOR_TOO_DEEP -> {
        // name, then args: {k: VALUE}; VALUE's items sit two levels below the top (SPEC.md §5.4).
        int relativeLimit = b.limits.cborMaxDepth() - 2;
        int roomForLevels = Math.max(0, (b.limits.maxRequestBytes() - 32) / 3 - relativeLimit - 1);
        int extra = b.r.chance(20) ? b.r.nextInt(Math.min(roomForLevels, 100_000) + 1) : b.r.nextInt(Math.min(roomForLevels, 2) + 1);
        CborCase deep = CborArbitraries.nested(CborCase.Kind.NESTED_PAST_LIMIT, relativeLimit + 1 + extra, relativeLimit, b.r);
        byte[] payload = concat(requestMapPrefix(), new byte[] {(byte) 0xa1, 0x41, 'k'}, deep.bytes());
        yield b.requestWithPayload(kind, payload, "request map nested past depth " + b.limits.cborMaxDepth());
      }
      case REQUEST_EXTRA_ITEMS -> {
        byte[] map = CborEncoder.encode(Payloads.requestMap(b.r));
        int extra = 1 + b.r.nextInt(2);
        byte[] payload = map;
        for (int i = 0; i < extra; i++) {
          payload = concat(payload, CborEncoder.encode(b.r.chance(50) ? Payloads.requestMap(b.r) : Payloads.value(b.r, 1)));
        }
        if (payload.length > b.limits.maxRequestBytes()) {
          payload = concat(CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echo"))),
              new byte[] {0x01});
          extra = 1;
        }
        yield b.requestWithPayload(kind, payload, "request map followed by " + extra + " more item(s)");
      }
      case DUPLICATE_KEY -> {
        byte[] key = CborEncoder.encode(b.r.chance(70) ? CborValue.Bytes.of(Payloads.name(b.r)) : new CborValue.Int(b.r.nextInt(24)));
        byte[] v1 = CborEncoder.encode(Payloads.value(b.r, 1));
        byte[] v2 = CborEncoder.encode(Payloads.value(b.r, 1));
        int which = b.r.nextInt(3);
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
        yield b.requestWithPayload(kind, payload, detail);
      }
      case REQUEST_CBOR_LENGTH_PAST_END -> {
        CborCase c = CborArbitraries.make(CborCase.Kind.OVERLONG_LENGTH, Payloads.requestMap(b.r), b.r, b.limits.cborMaxDepth());
        yield b.requestWithPayload(kind, c.bytes(), "request map with a head declaring more than the unit holds");
      }
      default -> throw new IllegalArgumentException(kind + " is not a cbor violation");
    };
  }

  /** {@code a2 44 'name' 44 'echo' 44 'args'}: a request map up to the value of args. */
  static byte[] requestMapPrefix() {
    return concat(new byte[] {(byte) 0xa2}, CborEncoder.encode(CborValue.Bytes.of("name")),
        CborEncoder.encode(CborValue.Bytes.of("echo")), CborEncoder.encode(CborValue.Bytes.of("args")));
  }
}
