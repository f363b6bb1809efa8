package org.framewire.fuzz;

import static org.framewire.fuzz.FrameViolations.withFlags;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.fuzz.ConversationBuilder.RequestModel;
import org.framewire.fuzz.ConversationBuilder.StreamModel;

/**
 * One family of the conversation model's violations, the command request and data violations
 * (SPEC.md §6, §10): flags, ids in flight, data, and their bounds. {@link ConversationBuilder}
 * hands each of these {@link ViolationKind}s here after its valid prefix; the code injects the
 * setup frames the kind needs and the one violating frame. The model's state and its setup helpers
 * stay in the builder and are read through it, so the same decisions give the same bytes as before
 * the split (ConversationBytesPinnedTest).
 */
final class RequestViolations {

  /** The kinds this family injects. */
  static final Set<ViolationKind> KINDS = EnumSet.of(
      ViolationKind.NOT_A_REQUEST_MAP,
      ViolationKind.NEW_AND_CONTINUATION,
      ViolationKind.NEITHER_NEW_NOR_CONTINUATION,
      ViolationKind.NEW_ID_IN_FLIGHT,
      ViolationKind.CONTINUATION_NOT_IN_FLIGHT,
      ViolationKind.DATA_WITHOUT_HAVE_DATA,
      ViolationKind.DATA_FLAGS,
      ViolationKind.TOO_MANY_REQUESTS,
      ViolationKind.TOO_MANY_EMPTY_FRAMES,
      ViolationKind.REQUEST_TOO_LARGE,
      ViolationKind.DATA_TOO_LARGE,
      ViolationKind.HAVE_DATA_CHANGES);

  private final ConversationBuilder b;

  RequestViolations(ConversationBuilder b) {
    this.b = b;
  }

  /** The violation of {@code kind} (one of {@link #KINDS}) at the end of the builder's prefix. */
  Conversation inject(ViolationKind kind) {
    return switch (kind) {
      case NOT_A_REQUEST_MAP -> {
        CborValue notMap = b.r.pick(List.of(
            CborValue.Array.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echo")),
            CborValue.Bytes.of("echo"),
            new CborValue.Int(b.r.nextInt(100)),
            CborValue.MapValue.of(CborValue.Bytes.of("args"), CborValue.MapValue.of()),
            CborValue.MapValue.of(CborValue.Bytes.of("name"), new CborValue.Int(7)),
            CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echo"),
                CborValue.Bytes.of("args"), CborValue.Array.of())));
        yield b.requestWithPayload(kind, CborEncoder.encode(notMap), "request payload " + notMap);
      }
      case NEW_AND_CONTINUATION -> {
        Frame f = b.freshRequestFrame(b.freshOddId(), null, 0);
        yield b.violation(kind, withFlags(f, FrameType.FLAG_NEW | FrameType.FLAG_REQUEST_CONTINUATION),
            "new and continuation on request " + f.requestId());
      }
      case NEITHER_NEW_NOR_CONTINUATION -> {
        if (b.r.chance(50)) {
          Frame f = b.freshRequestFrame(b.freshOddId(), null, 0);
          yield b.violation(kind, withFlags(f, 0), "first frame of request " + f.requestId() + " without new");
        }
        RequestModel q = b.partialRequest(b.r.chance(50), false);
        int flags = FramedRequest.requestFlags(q.next, q.requestChunks.size(), q.haveData)
            & ~FrameType.FLAG_REQUEST_CONTINUATION;
        yield b.violation(kind, Frame.of(q.id, b.anyOpenStream().id, 0, FrameType.COMMAND_REQUEST, flags,
            q.requestChunks.get(q.next)), "later frame of request " + q.id + " without continuation");
      }
      case NEW_ID_IN_FLIGHT -> {
        RequestModel q = b.partialRequest(b.r.chance(50), b.r.chance(30));
        yield b.violation(kind, b.freshRequestFrame(q.id, null, 0), "new request " + q.id + " while it is in flight");
      }
      case CONTINUATION_NOT_IN_FLIGHT -> {
        Frame f = b.freshRequestFrame(b.freshOddId(), null, 0);
        yield b.violation(kind, withFlags(f, FrameType.FLAG_REQUEST_CONTINUATION),
            "continuation of request " + f.requestId() + ", never started");
      }
      case DATA_WITHOUT_HAVE_DATA -> {
        RequestModel q = b.partialRequest(false, false);
        yield b.violation(kind, Frame.of(q.id, b.anyOpenStream().id, 0, FrameType.COMMAND_DATA, FrameType.FLAG_EOS,
            b.filler(b.r.nextInt(8))), "command data for request " + q.id + " without have-data");
      }
      case DATA_FLAGS -> {
        RequestModel q = b.partialRequest(true, true);
        int flags = b.r.chance(50) ? FrameType.FLAG_CONTINUATION | FrameType.FLAG_EOS : 0;
        yield b.violation(kind, Frame.of(q.id, b.anyOpenStream().id, 0, FrameType.COMMAND_DATA, flags,
            b.filler(b.r.nextInt(8))), "command-data flags " + flags + " for request " + q.id);
      }
      case TOO_MANY_REQUESTS -> {
        // Requests whose first frame was sent and whose last was not are in flight (the reference
        // answers a request as soon as it has arrived in full).
        while (b.partial.size() < b.limits.maxRequestsInFlight()) {
          b.partialRequest(b.r.chance(30), false);
        }
        Frame f = b.freshRequestFrame(b.freshOddId(), null, 0);
        yield b.violation(kind, f, "request " + f.requestId() + " beyond " + b.limits.maxRequestsInFlight() + " in flight");
      }
      case TOO_MANY_EMPTY_FRAMES -> {
        // Empty command-data frames with continuation are valid for a request receiving its data.
        RequestModel q = b.partialRequest(true, true);
        int stream = b.anyOpenStream().id;
        int run = 0;
        for (int i = b.frames.size() - 1; i >= 0 && b.frames.get(i).header().payloadLength() == 0; i--) {
          run++;
        }
        for (; run < b.limits.maxEmptyFrames(); run++) {
          b.emit(Frame.of(q.id, stream, 0, FrameType.COMMAND_DATA, FrameType.FLAG_CONTINUATION, new byte[0]));
        }
        yield b.violation(kind, Frame.of(q.id, stream, 0, FrameType.COMMAND_DATA, FrameType.FLAG_CONTINUATION,
            new byte[0]), "empty frame " + (b.limits.maxEmptyFrames() + 1) + " in a row");
      }
      case REQUEST_TOO_LARGE -> tooLarge(kind, true);
      case DATA_TOO_LARGE -> tooLarge(kind, false);
      case HAVE_DATA_CHANGES -> {
        boolean firstHasData = b.r.chance(50);
        RequestModel q = b.partialRequest(firstHasData, false);
        int flags = FramedRequest.requestFlags(q.next, q.requestChunks.size(), !firstHasData);
        yield b.violation(kind, Frame.of(q.id, b.anyOpenStream().id, 0, FrameType.COMMAND_REQUEST, flags,
            q.requestChunks.get(q.next)), "have-data " + (firstHasData ? "dropped" : "added") + " on request " + q.id);
      }
      default -> throw new IllegalArgumentException(kind + " is not a request violation");
    };
  }

  /** A request whose map, or whose data, grows past its bound; the frame that crosses it is the violation. */
  private Conversation tooLarge(ViolationKind kind, boolean request) {
    int bound = request ? b.limits.maxRequestBytes() : b.limits.maxDataBytes();
    int size = bound + 1 + b.r.nextInt(64);
    int id = b.freshOddId();
    StreamModel s = b.streamForUnencoded();
    int chunk = Math.max(1, Math.min(b.limits.maxFrameSize(), Math.max(size / (1 + b.r.nextInt(4)), 1)));
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
        Frame f = Frame.of(id, s.id, index == 0 ? b.begin(s) : 0, FrameType.COMMAND_REQUEST, flags,
            Arrays.copyOfRange(map, sent, sent + n));
        if (crosses) {
          return b.violation(kind, f, "request map of " + map.length + " bytes, bound " + bound);
        }
        b.emit(f);
        sent += n;
        index++;
      }
    }
    byte[] map = CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echodata")));
    b.emit(Frame.of(id, s.id, b.begin(s), FrameType.COMMAND_REQUEST, FrameType.FLAG_NEW | FrameType.FLAG_HAVE_DATA, map));
    int sent = 0;
    while (true) {
      int n = Math.min(chunk, size - sent);
      boolean last = sent + n == size;
      Frame f = Frame.of(id, s.id, 0, FrameType.COMMAND_DATA, last ? FrameType.FLAG_EOS : FrameType.FLAG_CONTINUATION,
          new byte[n]);
      if (sent + n > bound) {
        return b.violation(kind, f, "command data of " + size + " bytes, bound " + bound);
      }
      b.emit(f);
      sent += n;
    }
  }
}
