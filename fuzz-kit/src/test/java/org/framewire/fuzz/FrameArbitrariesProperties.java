package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.frames.StreamFlags;
import org.framewire.spec.Requirement;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** The frame arbitraries against framewire's {@link FrameDecoder} (SPEC.md §2). */
class FrameArbitrariesProperties {

  @Property(tries = 400)
  void validFramesDecodeBackWhereverTheInputIsCut(@ForAll("framesAndCuts") FramesAndCuts input) throws ProtocolException {
    FrameDecoder decoder = new FrameDecoder();
    List<Frame> decoded = new ArrayList<>();
    for (ByteBuffer chunk : Chunking.split(input.bytes(), input.cuts())) {
      decoder.feed(chunk);
      for (Frame f; (f = decoder.next()) != null; ) {
        decoded.add(f.copy());
      }
    }
    decoder.endOfInput();
    assertEquals(input.frames(), decoded);

    for (Frame f : input.frames()) {
      Statistics.label("type").collect(f.type());
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
    }
    Statistics.label("type").coverage(c -> {
      for (FrameType t : FrameType.values()) {
        c.check(t).count(n -> n > 0);
      }
    });
    Statistics.label("type and flag").coverage(c -> {
      for (FrameType t : FrameType.values()) {
        for (String flag : t.flagNames().keySet()) {
          c.check(t + " " + flag).count(n -> n > 0);
        }
      }
    });
    Statistics.label("stream flag").coverage(c -> {
      for (String flag : StreamFlags.names().keySet()) {
        c.check(flag).count(n -> n > 0);
      }
    });
  }

  @Property(tries = 600)
  void decoderReportsWhatBoundaryHeadersBreak(@ForAll("boundaryHeaders") HeaderCase c) {
    assertEquals(c.expected(), verdict(c), c::toString);
    Statistics.label("pushed field").collect(c.pushed().size() == 1 ? c.pushed().iterator().next() : "several");
    Statistics.label("verdict").collect(c.expected().map(Requirement::id).orElse("valid"));
    Statistics.label("breaks several").collect(c.breaks().size() > 1);
    Statistics.label("pushed field").coverage(k -> {
      for (HeaderField f : HeaderField.values()) {
        k.check(f).count(n -> n > 0);
      }
    });
    Statistics.label("verdict").coverage(k -> {
      for (String v : List.of("valid", "FRAME-2", "FRAME-3", "FRAME-4", "FRAME-5")) {
        k.check(v).count(n -> n > 0);
      }
    });
    Statistics.label("breaks several").coverage(k -> k.check(true).count(n -> n > 0));
  }

  @Property(tries = 200)
  void smallReceiversJudgeLengthsByTheirOwnMaximum(@ForAll("smallReceiverHeaders") HeaderCase c) {
    assertEquals(c.expected(), verdict(c), c::toString);
    if (c.pushed().contains(HeaderField.PAYLOAD_LENGTH)) {
      Statistics.label("length").collect(c.header().payloadLength() > 100 ? "past" : "within");
    }
    Statistics.label("length").coverage(k -> {
      k.check("past").count(n -> n > 0);
      k.check("within").count(n -> n > 0);
    });
  }

  @Property(tries = 100)
  void headerRuleBreaksAreListedInTheOrderOfFrame10(@ForAll("boundaryHeaders") HeaderCase c) {
    List<Requirement> order = List.of(Requirement.FRAME_MAX_SIZE, Requirement.FRAME_TYPE_KNOWN,
        Requirement.FRAME_STREAM_FLAGS_DEFINED, Requirement.FRAME_FLAGS_DEFINED);
    List<Requirement> sorted = new ArrayList<>(c.breaks());
    sorted.sort((a, b) -> order.indexOf(a) - order.indexOf(b));
    assertEquals(sorted, c.breaks());
    assertTrue(c.header().payloadLength() <= c.maxFrameSize() || c.payload().length == 0);
  }

  private static Optional<Requirement> verdict(HeaderCase c) {
    try {
      List<Frame> frames = FrameDecoder.decodeAll(c.bytes(), c.maxFrameSize());
      assertEquals(List.of(c.header()), frames.stream().map(Frame::header).toList());
      return Optional.empty();
    } catch (ProtocolException e) {
      return Optional.of(e.requirement());
    }
  }

  record FramesAndCuts(List<Frame> frames, byte[] bytes, List<Integer> cuts) {}

  @Provide
  Arbitrary<FramesAndCuts> framesAndCuts() {
    return FrameArbitraries.frames(40).list().ofMinSize(1).ofMaxSize(8).flatMap(frames -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      frames.forEach(f -> out.writeBytes(f.toBytes()));
      byte[] bytes = out.toByteArray();
      return Chunking.cuts(bytes.length).map(cuts -> new FramesAndCuts(frames, bytes, cuts));
    });
  }

  @Provide
  Arbitrary<HeaderCase> boundaryHeaders() {
    return FrameArbitraries.boundaryHeaders(FrameDecoder.DEFAULT_MAX_FRAME_SIZE);
  }

  @Provide
  Arbitrary<HeaderCase> smallReceiverHeaders() {
    return FrameArbitraries.boundaryHeaders(100);
  }
}
