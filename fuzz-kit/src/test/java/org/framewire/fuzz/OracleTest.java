package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.spec.Requirement;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The oracle: verdicts read from server output, transcripts, and comparisons between servers. */
class OracleTest {

  static final ServerAdapter REFERENCE = ConversationProperties.REFERENCE;

  @Example
  void verdictsNameTheRequirementByKeyOrByTheLeadingId() {
    assertEquals(Optional.of(Requirement.FRAME_MAX_SIZE), verdictOf(error("protocol", "FRAME-2", "whatever")).requirement());
    assertEquals(Optional.of(Requirement.CMD_ID_IN_FLIGHT), verdictOf(error("protocol", null, "CMD-3: new request 1")).requirement());
    assertEquals(Optional.of(Requirement.STREAM_ID_PARITY),
        verdictOf(errorAtom("protocol", "%s: %s", "STREAM-1", "stream 2")).requirement());
    Verdict unnamed = verdictOf(error("protocol", null, "something went wrong"));
    assertTrue(unnamed.rejected());
    assertEquals(Optional.empty(), unnamed.requirement());
    assertEquals(Verdict.ACCEPTED, verdictOf(error("server", null, "CMD-3: not a protocol error")));
    assertEquals(Verdict.ACCEPTED, Verdict.of(List.of()));
  }

  @Property(tries = 60)
  void theReferenceAgreesWithItselfAndWithTheLabels(@ForAll("conversations") Conversation c) throws IOException {
    Oracle.Comparison cmp = Oracle.compare(REFERENCE, REFERENCE, c, List.of(1, 9, 17));
    assertTrue(cmp.agree(), cmp::toString);
    assertEquals(KnownDeviations.referenceSession(c).equals(c.expected()), cmp.candidateMatchesLabel(), cmp::toString);
  }

  @Property(tries = 60)
  void aServerThatAnswersLateIsJudgedTheSame(@ForAll("conversations") Conversation c) throws IOException {
    Oracle.Comparison cmp = Oracle.compare(REFERENCE, new LateAdapter(REFERENCE), c, List.of(3, 11));
    assertTrue(cmp.agree(), cmp::toString);
    assertEquals(cmp.reference().answeredRequests(), cmp.candidate().answeredRequests());
  }

  @Property(tries = 60)
  void aServerThatAcceptsEverythingDisagreesOnEveryViolation(@ForAll("violating") Conversation c) throws IOException {
    Assume.that(KnownDeviations.referenceSession(c).isPresent());
    Oracle.Comparison cmp = Oracle.compare(REFERENCE, new SilentAdapter(), c);
    assertFalse(cmp.agree(), cmp::toString);
    assertFalse(cmp.candidateMatchesLabel());
    assertTrue(cmp.toString().startsWith("DISAGREE"));
  }

  @Example
  void aServerNamingAnotherRequirementDisagrees() throws IOException {
    Conversation c = ConversationArbitraries.violating(ViolationKind.RESERVED_TYPE, ConversationProperties.LIMITS,
        RandomSource.seeded(7));
    ServerAdapter wrong = new SilentAdapter(error("protocol", "FRAME-4", "flags"));
    Oracle.Comparison cmp = Oracle.compare(REFERENCE, wrong, c);
    assertEquals(Optional.of(Requirement.FRAME_TYPE_KNOWN), cmp.reference().verdict().requirement());
    assertEquals(Optional.of(Requirement.FRAME_FLAGS_DEFINED), cmp.candidate().verdict().requirement());
    assertFalse(cmp.agree());
  }

  @Example
  void theOracleStopsSendingOnceTheServerClosed() throws IOException {
    Conversation c = ConversationArbitraries.violating(ViolationKind.EVEN_STREAM_ID, ConversationProperties.LIMITS,
        RandomSource.seeded(3));
    byte[] bytes = c.bytes();
    byte[] more = new byte[bytes.length + 8];
    System.arraycopy(bytes, 0, more, 0, bytes.length);
    Transcript t = Oracle.run(REFERENCE, more, List.of(bytes.length));
    assertTrue(t.closed());
    assertEquals(Optional.of(Requirement.STREAM_ID_PARITY), t.verdict().requirement());
    assertEquals(1, t.frames().size(), t::toString);
    assertEquals(0, t.frames().get(0).requestId(), "ERR-3: request id 0");
  }

  private static Verdict verdictOf(Frame f) {
    return Verdict.of(List.of(f));
  }

  private static Frame error(String type, String requirement, String message) {
    return errorAtom(type, message, null, null, requirement);
  }

  private static Frame errorAtom(String type, String msg, String arg0, String arg1) {
    return errorAtom(type, msg, arg0, arg1, null);
  }

  private static Frame errorAtom(String type, String msg, String arg0, String arg1, String requirement) {
    CborValue atom = arg0 == null
        ? CborValue.MapValue.of(CborValue.Bytes.of("msg"), CborValue.Bytes.of(msg))
        : CborValue.MapValue.of(CborValue.Bytes.of("msg"), CborValue.Bytes.of(msg),
            CborValue.Bytes.of("args"), CborValue.Array.of(CborValue.Bytes.of(arg0), CborValue.Bytes.of(arg1)));
    CborValue.MapValue map = requirement == null
        ? CborValue.MapValue.of(CborValue.Bytes.of("type"), CborValue.Bytes.of(type),
            CborValue.Bytes.of("message"), CborValue.Array.of(atom))
        : CborValue.MapValue.of(CborValue.Bytes.of("type"), CborValue.Bytes.of(type),
            CborValue.Bytes.of("message"), CborValue.Array.of(atom),
            CborValue.Bytes.of("requirement"), CborValue.Bytes.of(requirement));
    return Frame.of(0, 2, 1, FrameType.ERROR_RESPONSE, 0, CborEncoder.encode(map));
  }

  /** Delivers each call's output one call later, as a server on the wire may. */
  static final class LateAdapter implements ServerAdapter {
    private final ServerAdapter inner;

    LateAdapter(ServerAdapter inner) {
      this.inner = inner;
    }

    @Override
    public String name() {
      return "late " + inner.name();
    }

    @Override
    public ServerConnection connect() throws IOException {
      ServerConnection c = inner.connect();
      return new ServerConnection() {
        byte[] held = new byte[0];

        @Override
        public Output send(ByteBuffer bytes) throws IOException {
          Output out = c.send(bytes);
          byte[] give = held;
          held = out.bytes();
          if (out.closed()) {
            return new Output(concat(give, held), true);
          }
          return new Output(give, false);
        }

        @Override
        public Output endInput() throws IOException {
          Output out = c.endInput();
          return new Output(concat(held, out.bytes()), out.closed());
        }

        @Override
        public void close() throws IOException {
          c.close();
        }
      };
    }
  }

  /** Accepts every byte and answers nothing but {@code reply} (none by default), then closes at the end. */
  static final class SilentAdapter implements ServerAdapter {
    private final byte[] reply;

    SilentAdapter() {
      this.reply = new byte[0];
    }

    SilentAdapter(Frame reply) {
      this.reply = reply.toBytes();
    }

    @Override
    public String name() {
      return "silent";
    }

    @Override
    public ServerConnection connect() {
      return new ServerConnection() {
        @Override
        public Output send(ByteBuffer bytes) {
          bytes.position(bytes.limit());
          return Output.NOTHING;
        }

        @Override
        public Output endInput() {
          return new Output(reply, true);
        }

        @Override
        public void close() {}
      };
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  @Provide
  Arbitrary<Conversation> conversations() {
    return ConversationArbitraries.conversations(ConversationProperties.LIMITS);
  }

  @Provide
  Arbitrary<Conversation> violating() {
    return ConversationArbitraries.violating(ConversationProperties.LIMITS);
  }
}
