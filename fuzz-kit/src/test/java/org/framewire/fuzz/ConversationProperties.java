package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.frames.StreamFlags;
import org.framewire.spec.Requirement;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated conversations against framewire's reference server session: valid ones always succeed,
 * and each conversation with one violation fails with exactly the labelled requirement — or, where
 * the session departs from SPEC.md, with what {@link KnownDeviations} records.
 */
class ConversationProperties {

  /** Small request bounds so that CMD-6 conversations stay small; data bound above the frame size (FRAME-2). */
  static final ProtocolLimits LIMITS =
      ProtocolLimits.SPEC_DEFAULTS.withMaxRequestBytes(4096).withMaxDataBytes(128 * 1024);
  static final ServerAdapter REFERENCE = ReferenceServerAdapter.forLimits(LIMITS);

  @Property(tries = 400)
  void validConversationsSucceedWithEveryRequestAnswered(@ForAll("validDelivered") Delivered d) throws IOException {
    Conversation c = d.conversation();
    Transcript t = Oracle.run(REFERENCE, c, d.cuts());
    assertEquals(Verdict.ACCEPTED, t.verdict(), () -> c + "\n" + t);
    assertTrue(t.closed(), () -> "the session closes once the input ended and all is answered\n" + c + "\n" + t);
    assertTrue(t.outputWellFramed());
    assertEquals(Set.copyOf(c.completedRequests()), t.answeredRequests(), () -> c + "\n" + t);
    collectFrameStatistics(c);
  }

  @Property(tries = 1200)
  void eachViolationIsReportedAsItsRequirement(@ForAll("violatingDelivered") Delivered d) throws IOException {
    Conversation c = d.conversation();
    Transcript t = Oracle.run(REFERENCE, c, d.cuts());
    Optional<Requirement> expected = KnownDeviations.referenceSession(c);
    assertEquals(expected.isPresent(), t.verdict().rejected(), () -> c + "\n" + t);
    assertEquals(expected, t.verdict().requirement(), () -> c + "\n" + t);
    assertTrue(t.closed(), () -> c + "\n" + t);
    ViolationKind kind = c.violation().kind();
    Statistics.label("violation").collect(kind);
    Statistics.label("requirement").collect(kind.requirement().id());
    Statistics.label("reference").collect(expected.equals(c.expected()) ? "as labelled" : "known deviation");
    Statistics.label("violation").coverage(k -> {
      for (ViolationKind v : ViolationKind.values()) {
        k.check(v).count(n -> n > 0);
      }
    });
    Statistics.label("requirement").coverage(k -> {
      for (String id : List.of("FRAME-2", "FRAME-3", "FRAME-4", "FRAME-5", "FRAME-6", "FRAME-7", "FRAME-9",
          "STREAM-1", "STREAM-2", "STREAM-3", "STREAM-5", "STREAM-6", "STREAM-7", "ENC-2", "ENC-7", "ENC-12", "SET-1", "SET-2", "SET-4",
          "CMD-2", "CMD-3", "CMD-4", "CMD-5", "CMD-6", "CMD-11", "CMD-14", "LIMIT-2", "CBOR-1", "CBOR-2",
          "ENC-5", "ENC-6", "ENC-8", "CBOR-4", "CBOR-5")) {
        k.check(id).count(n -> n > 0);
      }
    });
  }

  @Property(tries = 300)
  void framesOfEveryTypeAndReservedCodeBreakTheRules(@ForAll("wrongTypes") Conversation c) throws IOException {
    Transcript t = Oracle.run(REFERENCE, c);
    assertEquals(c.expected(), t.verdict().requirement(), () -> c + "\n" + t);
    Frame violating = c.frames().get(c.violation().frameIndex());
    Statistics.label("violating frame type").collect(
        violating.type() == null ? "reserved " + violating.header().typeCode() : violating.type().canonicalName());
    Statistics.label("violating frame type").coverage(k -> {
      for (FrameType type : List.of(FrameType.COMMAND_RESPONSE, FrameType.ERROR_RESPONSE, FrameType.TEXT_OUTPUT,
          FrameType.PROGRESS)) {
        k.check(type.canonicalName()).count(n -> n > 0);
      }
      for (int code : FrameArbitraries.RESERVED_TYPE_CODES) {
        k.check("reserved " + code).count(n -> n > 0);
      }
    });
  }

  @Property(tries = 300)
  void everythingBeforeTheViolationIsAcceptedAsItComes(@ForAll("violating") Conversation c) throws IOException {
    try (ServerConnection connection = REFERENCE.connect()) {
      for (int i = 0; i < c.violation().frameIndex(); i++) {
        ServerConnection.Output out = connection.send(ByteBuffer.wrap(c.frames().get(i).toBytes()));
        assertFalse(out.closed(), () -> "frame before the violation rejected\n" + c);
      }
    }
    Frame last = c.frames().isEmpty() ? null : c.frames().get(c.frames().size() - 1);
    if (c.trailing().length == 0) {
      assertEquals(c.violation().frameIndex(), c.frames().size() - 1, "the violation is the last frame");
    } else {
      assertEquals(c.violation().frameIndex(), c.frames().size(), "the violation is the partial frame");
    }
    assertTrue(c.kind().isPresent() && (last != null || c.trailing().length > 0));
  }

  @Property(tries = 200)
  void validConversationsKeepTheModelsRules(@ForAll("valid") Conversation c) throws ProtocolException {
    boolean settingsAllowed = true;
    for (Frame f : c.frames()) {
      assertEquals(1, f.requestId() & 1, "odd request ids (FRAME-7)");
      assertEquals(1, f.streamId() & 1, "odd stream ids (STREAM-1)");
      assertTrue(f.header().payloadLength() <= LIMITS.maxFrameSize(), "FRAME-8");
      if (f.type() == FrameType.SENDER_PROTOCOL_SETTINGS) {
        assertTrue(settingsAllowed, "sender settings first (SET-1)");
      } else {
        settingsAllowed = false;
      }
      if (f.header().hasStreamFlag(StreamFlags.ENCODED)) {
        assertTrue(f.type() == FrameType.COMMAND_REQUEST || f.type() == FrameType.COMMAND_DATA, "STREAM-7");
      }
    }
    assertTrue(c.valid());
    assertEquals(0, c.trailing().length);
  }

  @Property(tries = 150)
  void smallFramesAndTheSpecsDefaultLimitsWorkToo(@ForAll("otherLimits") LimitsAndConversation lc) throws IOException {
    Conversation c = lc.conversation();
    for (Frame f : c.frames().subList(0, c.valid() ? c.frames().size() : c.violation().frameIndex())) {
      assertTrue(f.header().payloadLength() <= lc.limits().maxFrameSize(), () -> "FRAME-8\n" + c);
    }
    Transcript t = Oracle.run(ReferenceServerAdapter.forLimits(lc.limits()), c);
    assertEquals(KnownDeviations.referenceSession(c), t.verdict().requirement(), () -> c + "\n" + t);
    assertEquals(KnownDeviations.referenceSession(c).isPresent(), t.verdict().rejected(), () -> c + "\n" + t);
    Statistics.label("limits").collect(lc.limits().maxFrameSize() == 256 ? "256-byte frames" : "spec defaults");
  }

  record LimitsAndConversation(ProtocolLimits limits, Conversation conversation) {}

  @Provide
  Arbitrary<LimitsAndConversation> otherLimits() {
    ProtocolLimits small = LIMITS.withMaxFrameSize(256);
    ProtocolLimits spec = ProtocolLimits.SPEC_DEFAULTS;
    return net.jqwik.api.Arbitraries.oneOf(
        ConversationArbitraries.conversations(small).map(c -> new LimitsAndConversation(small, c)),
        net.jqwik.api.Arbitraries.of(ViolationKind.FRAME_TOO_LONG, ViolationKind.REQUEST_TOO_LARGE,
                ViolationKind.DATA_TOO_LARGE, ViolationKind.REQUEST_CBOR_TOO_DEEP)
            .flatMap(k -> ConversationArbitraries.violating(k, spec))
            .map(c -> new LimitsAndConversation(spec, c)));
  }

  private static void collectFrameStatistics(Conversation c) {
    for (Frame f : c.frames()) {
      Statistics.label("client frame type").collect(f.type());
      for (Map.Entry<String, Integer> flag : f.type().flagNames().entrySet()) {
        if (f.header().hasFlag(flag.getValue())) {
          Statistics.label("type and flag").collect(f.type() + " " + flag.getKey());
        }
      }
      for (Map.Entry<String, Integer> flag : StreamFlags.names().entrySet()) {
        if (f.header().hasStreamFlag(flag.getValue())) {
          Statistics.label("stream flag").collect(flag.getKey());
        }
      }
      if (f.type() == FrameType.STREAM_SETTINGS && f.header().hasFlag(FrameType.FLAG_EOS)) {
        Statistics.label("stream settings end").collect("eos");
      }
    }
    Statistics.label("client frame type").coverage(k -> {
      for (FrameType t : List.of(FrameType.COMMAND_REQUEST, FrameType.COMMAND_DATA,
          FrameType.SENDER_PROTOCOL_SETTINGS, FrameType.STREAM_SETTINGS)) {
        k.check(t).count(n -> n > 0);
      }
    });
    Statistics.label("type and flag").coverage(k -> {
      for (FrameType t : List.of(FrameType.COMMAND_REQUEST, FrameType.COMMAND_DATA,
          FrameType.SENDER_PROTOCOL_SETTINGS, FrameType.STREAM_SETTINGS)) {
        for (String flag : t.flagNames().keySet()) {
          k.check(t + " " + flag).count(n -> n > 0);
        }
      }
    });
    Statistics.label("stream flag").coverage(k -> {
      for (String flag : StreamFlags.names().keySet()) {
        k.check(flag).count(n -> n > 0);
      }
    });
  }

  /** A conversation and where its bytes are cut on the way to the server. */
  record Delivered(Conversation conversation, List<Integer> cuts) {}

  @Provide
  Arbitrary<Conversation> valid() {
    return ConversationArbitraries.valid(LIMITS);
  }

  @Provide
  Arbitrary<Conversation> violating() {
    return ConversationArbitraries.violating(LIMITS);
  }

  @Provide
  Arbitrary<Conversation> wrongTypes() {
    return net.jqwik.api.Arbitraries.oneOf(
        ConversationArbitraries.violating(ViolationKind.SERVER_FRAME_TYPE, LIMITS),
        ConversationArbitraries.violating(ViolationKind.RESERVED_TYPE, LIMITS));
  }

  @Provide
  Arbitrary<Delivered> validDelivered() {
    return delivered(valid());
  }

  @Provide
  Arbitrary<Delivered> violatingDelivered() {
    return delivered(violating());
  }

  private static Arbitrary<Delivered> delivered(Arbitrary<Conversation> conversations) {
    return conversations.flatMap(c -> Combinators.combine(
            net.jqwik.api.Arbitraries.just(c), Chunking.cuts(c.bytes().length, 6))
        .as(Delivered::new));
  }
}
