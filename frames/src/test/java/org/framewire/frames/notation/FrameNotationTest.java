package org.framewire.frames.notation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The human frame notation (SPEC.md §2, Appendix A): every line the oracle's vectors record parses
 * to the recorded bytes, the canonical form prints back, and bad notation is refused.
 */
class FrameNotationTest {
  private static final Path VECTORS = Path.of("../protocol-spec/vectors/mercurial");

  private static String hex(Frame f) {
    return HexFormat.of().formatHex(f.toBytes());
  }

  private static Frame frame(int requestId, int streamId, int streamFlags, int typeCode, int flags, byte[] payload) {
    return new Frame(new FrameHeader(payload.length, requestId, streamId, streamFlags, typeCode, flags), ByteBuffer.wrap(payload));
  }

  static Stream<Arguments> frameVectors() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : new ObjectMapper().readTree(VECTORS.resolve("frames.json").toFile()).get("cases")) {
      if (c.hasNonNull("human")) {
        out.add(Arguments.of(c.get("id").asText(), c.get("human").asText(), c.get("hex").asText()));
      }
    }
    return out.stream();
  }

  static Stream<Arguments> sessionVectors() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : new ObjectMapper().readTree(VECTORS.resolve("server-sessions.json").toFile()).get("cases")) {
      for (int i = 0; i < c.get("humans").size(); i++) {
        out.add(Arguments.of(c.get("id").asText() + "#" + i, c.get("humans").get(i).asText(), c.get("input").get(i).asText()));
      }
    }
    return out.stream();
  }

  /** Lines and the frame bytes Mercurial 6.3.2's {@code makeframefromhumanstring} makes of them. */
  static Stream<Arguments> mercurialLines() {
    return Stream.of(
        Arguments.of("1 1 stream-begin command-request new|more cbor:{b'name': b'x', b'args': {b'a': [1, 2, (3,)]}}", "1500000100010115a24461726773a141618301028103446e616d654178"),
        Arguments.of("65535 255 stream-begin|stream-end|encoded command-response continuation|eos cbor:None", "010000ffffff0733f6"),
        Arguments.of("5 3 1|2 3 1|2 \\x00\\x01 spaces inside ", "110000050003033300012073706163657320696e7369646520"),
        Arguments.of("7 2 4 progress 0 cbor:{b'topic': b't', b'pos': -5, b'total': 18446744073709551615}", "1d00000700020470a343706f732445746f706963417445746f74616c1bffffffffffffffff"),
        Arguments.of("1 1 0 command-data 3 raw \\\\ backslash \\' quote \\t tab", "1d00000100010023726177205c206261636b736c61736820272071756f7465200920746162"),
        Arguments.of("1 1 0 text-output 0 cbor:[{b'msg': b'x %s', b'args': [b'\\xff\\x00'], b'labels': set()}]", "1f0000010001006081a344617267738142ff00466c6162656c73d9010280436d73674478202573"),
        Arguments.of("1 1 stream-begin sender-protocol-settings eos cbor:{b'contentencodings': [b'identity']}", "1c00000100010182a150636f6e74656e74656e636f64696e677381486964656e74697479"),
        Arguments.of("3 1 0 command-request continuation cbor:b'\\x01\\x02\\x03'", "040000030001001243010203"),
        Arguments.of("1 2 0 error-response 0 cbor:{b'type': b'protocol', b'message': [{b'msg': b'bad'}]}", "2100000100020050a2476d65737361676581a1436d73674362616444747970654870726f746f636f6c"),
        Arguments.of("0 0 0 1 0 cbor:{1, 2, 3}", "0700000000000010d9010283010203"),
        Arguments.of("1 1 0 9 1 cbor:b'identity'", "0900000100010091486964656e74697479"),
        Arguments.of("1 1 0 command-response eos cbor:[1, -1, 24, -25, 256, True, None]", "0c0000010001003287012018183818190100f5f6"),
        Arguments.of("1 1 0 command-data continuation \\101\\x41A", "0300000100010021414141"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("frameVectors")
  void frameVectorsParseToTheirBytes(String id, String human, String hex) {
    assertParsesTo(human, hex);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sessionVectors")
  void sessionVectorsParseToTheirBytes(String id, String human, String hex) {
    assertParsesTo(human, hex);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mercurialLines")
  void linesParseAsMercurialParsesThem(String human, String hex) {
    assertParsesTo(human, hex);
  }

  private static void assertParsesTo(String human, String hex) {
    Frame f = FrameNotation.parse(human);
    assertEquals(hex, hex(f));
    assertEquals(f, FrameNotation.parse(FrameNotation.format(f)), FrameNotation.format(f));
  }

  @Test
  void sessionVectorsAreThere() throws IOException {
    assertEquals(41, sessionVectors().count());
    assertEquals(27, frameVectors().count());
  }

  // ---- the canonical form ----

  @Test
  void formatsCanonically() {
    assertEquals(
        "1 1 stream-begin command-request new|have-data cbor:{b'name': b'foo'}",
        FrameNotation.format(FrameNotation.parse("1 1 1 1 9 cbor:{b'name': b'foo'}")));
    assertEquals(
        "1 2 stream-end command-response eos ", FrameNotation.format(FrameNotation.parse("1 2 stream-end command-response eos ")));
    assertEquals("1 2 stream-end command-response eos ", FrameNotation.format(FrameNotation.parse("1 2 2 3 2")));
    assertEquals(
        "0 0 0 0 0 ", FrameNotation.format(frame(0, 0, 0, 0, 0, new byte[0])));
  }

  @Test
  void unknownBitsAndReservedTypesPrintAsNumbers() {
    assertEquals("1 1 stream-begin|0x10 command-data eos|0xc x",
        FrameNotation.format(frame(1, 1, 0x11, 2, 0xe, new byte[] {'x'})));
    assertEquals("1 1 0xf8 4 0xf x", FrameNotation.format(frame(1, 1, 0xf8, 4, 0xf, new byte[] {'x'})));
    assertEquals("1 1 0 15 0 \\x01", FrameNotation.format(frame(1, 1, 0, 15, 0, new byte[] {1})));
    for (int code : new int[] {0, 4, 10, 11, 12, 13, 14, 15}) {
      Frame f = FrameNotation.parse("1 1 0 " + code + " 0xf ");
      assertEquals(code, f.header().typeCode());
      assertEquals(0xf, f.flags());
    }
  }

  @Test
  void payloadIsCborOnlyWhenItReadsBackByteForByte() {
    byte[] sortedMap = CborEncoder.encode(CborValue.MapValue.of(CborValue.bytes("a"), CborValue.of(1)));
    assertEquals("1 2 0 command-response continuation cbor:{b'a': 1}",
        FrameNotation.format(frame(1, 2, 0, 3, 1, sortedMap)));
    // The same bytes on an encoded frame are compressed data, not CBOR.
    assertEquals("1 2 encoded command-response continuation \\xa1Aa\\x01",
        FrameNotation.format(frame(1, 2, StreamFlags.ENCODED, 3, 1, sortedMap)));
    // Command data is never CBOR: "data1" happens to be the CBOR text 'ata1'.
    assertEquals("1 1 0 command-data eos data1", FrameNotation.format(frame(1, 1, 0, 2, 2, "data1".getBytes())));
    // Keys not in deterministic order; two values; a non-shortest head; a half float; undefined;
    // an indefinite string; a tag: all are printed as bytes.
    for (String h : new String[] {"a2416202416101", "0102", "1801", "f93c00", "f7", "5f4161ff", "c101", "a2010201f6"}) {
      Frame f = frame(1, 2, 0, 3, 1, HexFormat.of().parseHex(h));
      String line = FrameNotation.format(f);
      assertTrue(!line.contains("cbor:"), line);
      assertEquals(f, FrameNotation.parse(line));
    }
  }

  @Test
  void rawPayloadStartingWithTheCborPrefixIsEscaped() {
    Frame f = frame(1, 1, 0, 2, 2, "cbor:1".getBytes());
    assertEquals("1 1 0 command-data eos \\x63bor:1", FrameNotation.format(f));
    assertEquals(f, FrameNotation.parse(FrameNotation.format(f)));
  }

  @Test
  void frameToStringIsTheNotation() {
    Frame f = FrameNotation.parse("1 1 stream-begin command-request new cbor:{b'name': b'heads'}");
    assertEquals("1 1 stream-begin command-request new cbor:{b'name': b'heads'}", f.toString());
  }

  @Test
  void extensionsBeyondMercurial() {
    assertEquals(FrameNotation.parse("1 1 0 command-data eos "), FrameNotation.parse("1 1 0 command-data eos"));
    assertEquals(FrameNotation.parse("255 16 0 2 1 x"), FrameNotation.parse("0xff 0x10 0x0 0x2 0x1 x"));
    assertArrayEquals(CborEncoder.encode(CborValue.text("\u00e9")),
        FrameNotation.parse("1 1 0 command-response eos cbor:'\u00e9'").payloadBytes());
    assertEquals(
        HexFormat.of().formatHex("\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        HexFormat.of().formatHex(FrameNotation.parse("1 1 0 command-data eos \u00e9").payloadBytes()));
  }

  // ---- errors ----

  @ParameterizedTest
  @ValueSource(strings = {
    "", "1", "1 1 0 1", "x 1 0 1 0 ", "-1 1 0 1 0 ", "65536 1 0 1 0 ", "1 256 0 1 0 ", "1 1 256 1 0 ",
    "1 1 begin 1 0 ", "1 1 stream-begin| 1 0 ", "1 1 0 command-reply 0 ", "1 1 0 16 0 ", "1 1 0 -1 0 ",
    "1 1 0 command-request eos ", "1 1 0 command-request 16 ", "1 1 0 command-request new|new|x ",
    "1 1 0 command-request new||more ", "1 1 0 error-response eos ", "1 1 0 4 new ", "1  1 0 1 0 ",
    "1 1 0 1 0 cbor:", "1 1 0 1 0 cbor:{", "1 1 0 1 0 cbor:x", "1 1 0 1 0 \\x4", "1 1 0 1 0 abc\\",
    "1 1 0 1 0 cbor:18446744073709551616", "99999999999999999999999 1 0 1 0 ", "0x 1 0 1 0 ", "1 1 0 0x1g 0 ",
  })
  void badNotationIsRefused(String line) {
    assertThrows(IllegalArgumentException.class, () -> FrameNotation.parse(line));
  }

  @Test
  void payloadLongerThanAFrameIsRefused() {
    String line = "1 1 0 command-data eos " + "x".repeat(FrameHeader.MAX_PAYLOAD_LENGTH + 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameNotation.parse(line));
    assertTrue(e.getMessage().length() < 300, "the message abbreviates the line");
    assertEquals(FrameHeader.MAX_PAYLOAD_LENGTH,
        FrameNotation.parse(line.substring(0, line.length() - 1)).header().payloadLength());
  }

  @Test
  void flagNamesArePerType() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FrameNotation.parse("1 1 0 command-request eos "));
    assertTrue(e.getMessage().contains("new, continuation, more, have-data"), e.getMessage());
    assertEquals(FrameType.FLAG_EOS, FrameNotation.parse("1 1 0 command-data eos ").flags());
  }
}
