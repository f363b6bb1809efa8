package org.framewire.conformance.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.cases.Step;
import org.framewire.conformance.cases.StreamEncoders;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.PythonLiteral;
import org.junit.jupiter.api.Test;

/** The runner reads the target's encoded streams as a client would (SPEC.md §4.3). */
class ObservationTest {

  private static final Observation.WireLog QUIET = new Observation.WireLog() {
    @Override
    public void received(String notation) {}

    @Override
    public void note(String text) {}
  };

  private static Step.SendEncoded zlib(String notation, Step.Flush flush) {
    return new Step.SendEncoded(notation, FrameNotation.parse(notation), "zlib", flush, 0);
  }

  @Test
  void decodesAResponseWhoseContextSpansFramesAndRequests() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(FrameNotation.parse("1 2 stream-begin stream-settings eos cbor:b'zlib'").toBytes());
    try (StreamEncoders enc = new StreamEncoders()) {
      out.writeBytes(enc.encode(zlib("1 2 encoded command-response continuation cbor:{b'status': b'ok'}", Step.Flush.NONE)).toBytes());
      out.writeBytes(enc.encode(zlib("1 2 encoded command-response eos cbor:b'first'", Step.Flush.SYNC)).toBytes());
      out.writeBytes(enc.encode(zlib("3 2 encoded command-response eos cbor:{b'status': b'ok'}", Step.Flush.SYNC)).toBytes());
    }
    try (Observation obs = new Observation()) {
      obs.feed(out.toByteArray(), QUIET);
      assertNull(obs.garbage);
      assertEquals(List.of(PythonLiteral.parse("{b'status': b'ok'}"), PythonLiteral.parse("b'first'")), obs.objects(1));
      assertEquals(List.of(PythonLiteral.parse("{b'status': b'ok'}")), obs.objects(3));
      assertEquals(Boolean.TRUE, obs.ended.get(3));
    }
  }

  @Test
  void undecodableOutputIsBadOutputNamingTheRule() {
    try (Observation obs = new Observation()) {
      obs.feed(FrameNotation.parse("1 2 stream-begin stream-settings eos cbor:b'zlib'").toBytes(), QUIET);
      obs.feed(FrameNotation.parse("1 2 encoded command-response eos \\x78\\x9c\\xff\\xff\\xff\\xff").toBytes(), QUIET);
      assertTrue(obs.garbage != null && obs.garbage.contains("ENC-8"), String.valueOf(obs.garbage));
      assertTrue(obs.summary().contains("bad output (output a client cannot decode"), obs.summary());
    }
  }

  @Test
  void aFrameDecodingToMoreThan2To24BytesIsBadOutput() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(FrameNotation.parse("1 2 stream-begin stream-settings eos cbor:b'zstd-8mb'").toBytes());
    String notation = "1 2 encoded command-response eos";
    try (StreamEncoders enc = new StreamEncoders()) {
      out.writeBytes(enc.encode(new Step.SendEncoded(notation, FrameNotation.parse(notation), "zstd-8mb", Step.Flush.SYNC,
          (1L << 24) + 1)).toBytes());
    }
    try (Observation obs = new Observation()) {
      obs.feed(out.toByteArray(), QUIET);
      assertTrue(obs.garbage != null && obs.garbage.contains("ENC-6"), String.valueOf(obs.garbage));
    }
  }

  @Test
  void anEncodedFrameWithoutStreamSettingsIsBadOutput() {
    try (Observation obs = new Observation()) {
      obs.feed(FrameNotation.parse("1 2 stream-begin|encoded command-response eos cbor:{b'status': b'ok'}").toBytes(), QUIET);
      assertTrue(obs.garbage != null && obs.garbage.contains("STREAM-5"), String.valueOf(obs.garbage));
    }
  }

  private static ConformanceCase bundled(String id) throws IOException {
    return CaseLoader.loadBundled().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  private static byte[] frame(String notation) {
    return FrameNotation.parse(notation).toBytes();
  }

  /**
   * A command-response frame with neither continuation nor eos (CMD-16; Mercurial with eos never
   * sent) stops its response: an outcome grading that response can no longer match, even if an eos
   * frame follows, so the case ends there instead of at its deadline; outcomes that do not grade
   * responses still can.
   */
  @Test
  void aResponseFrameWithNeitherContinuationNorEosDecidesTheCase() throws IOException {
    ConformanceCase echo = bundled("frame/valid-echo");
    ConformanceCase trailing = bundled("cbor/trailing-bytes");
    try (Observation obs = new Observation()) {
      obs.feed(frame("1 2 stream-begin command-response continuation cbor:{b'status': b'ok'}"), QUIET);
      obs.feed(frame("1 2 0 command-response continuation cbor:{b'foo': b'bar'}"), QUIET);
      assertFalse(OutcomeMatcher.canNoLongerMatch(echo, obs), "the eos frame may still come");
      obs.feed(frame("1 2 0 command-response 0 "), QUIET);
      assertTrue(OutcomeMatcher.canNoLongerMatch(echo, obs));
      assertFalse(OutcomeMatcher.canNoLongerMatch(trailing, obs), "an error-response and the close may still come");
      assertTrue(obs.summary().contains("then a frame with neither continuation nor eos (CMD-16)"), obs.summary());
      obs.feed(frame("1 2 0 command-response eos "), QUIET);
      assertNull(OutcomeMatcher.match(echo, obs));
    }
  }

  @Test
  void theSameResponseEndedWithEosMatches() throws IOException {
    try (Observation obs = new Observation()) {
      obs.feed(frame("1 2 stream-begin command-response continuation cbor:{b'status': b'ok'}"), QUIET);
      obs.feed(frame("1 2 0 command-response eos cbor:{b'foo': b'bar'}"), QUIET);
      assertTrue(OutcomeMatcher.match(bundled("frame/valid-echo"), obs) != null, obs.summary());
    }
  }
}
