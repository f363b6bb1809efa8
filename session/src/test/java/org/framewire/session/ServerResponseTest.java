package org.framewire.session;

import static org.framewire.frames.FrameNotation.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.frames.PythonLiteral;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/** The response API of the server session: the exact frames each call sends, in the frame notation. */
class ServerResponseTest {

  private final FakeClock clock = new FakeClock();
  private ServerSession session = new ServerSession(ServerConfig.DEFAULTS, clock);

  /** Starts request {@code id} named {@code name} and returns its response handle. */
  private ServerResponse run(int id, String requestLiteral) {
    boolean begin = !streamBegun;
    streamBegun = true;
    List<ServerEvent> events = session.receiveFrame(parse(id + " 1 " + (begin ? "stream-begin" : "0")
        + " command-request new cbor:" + requestLiteral));
    assertEquals(1, events.size(), events::toString);
    return session.response(id);
  }

  private boolean streamBegun;

  /** The frames sent, each in the canonical notation. */
  private List<String> sent() {
    List<String> out = new ArrayList<>();
    for (Frame f : session.pollFrames()) {
      out.add(FrameNotation.format(f));
    }
    return out;
  }

  /** The expected frames, written in the notation, in canonical form (encoded payloads print as bytes). */
  private static List<String> frames(String... lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      out.add(FrameNotation.format(parse(line)));
    }
    return out;
  }

  private static final String IDENTITY_SETTINGS = "1 2 stream-begin stream-settings eos cbor:b'identity'";
  private static final String OK = "cbor:{b'status': b'ok'}";

  @Test
  void aCommandWithoutValuesStillGetsTheStatusAndEos() {
    run(1, "{b'name': b'nothing'}").end();
    // Mercurial sends no frame at all here; SPEC.md requires a complete response (CMD-7, CMD-8).
    assertEquals(frames(
        IDENTITY_SETTINGS,
        "1 2 encoded command-response continuation " + OK,
        "1 2 0 command-response eos "), sent());
    assertEquals(0, session.requestCount(), "the request is done");
  }

  @Test
  void valuesAreCoalescedBehindTheStatusFrame() {
    run(1, "{b'name': b'x'}").writeObject(CborValue.bytes("a")).writeObject(CborValue.of(7)).end();
    assertEquals(frames(
        IDENTITY_SETTINGS,
        "1 2 encoded command-response continuation " + OK,
        "1 2 encoded command-response continuation Aa\\x07",
        "1 2 0 command-response eos "), sent());
  }

  @Test
  void aFlushSendsWhatIsCoalescedAtOnce() {
    ServerResponse r = run(1, "{b'name': b'x'}").writeObject(CborValue.bytes("a"));
    assertEquals(frames(IDENTITY_SETTINGS, "1 2 encoded command-response continuation " + OK), sent(),
        "the value waits for more to fill its frame");
    session.flushResponses();
    assertEquals(frames("1 2 encoded command-response continuation Aa"), sent());
    session.flushResponses();
    assertEquals(List.of(), sent(), "nothing written since: no empty frame");
    r.writeObject(CborValue.of(7)).flush();
    assertEquals(frames("1 2 encoded command-response continuation \\x07"), sent(), "a handler's own flush point");
    r.end();
    assertEquals(frames("1 2 0 command-response eos "), sent());
  }

  @Test
  void aFlushOnAnEncodedStreamIsAnEncoderFlushPointTheClientCanDecode() {
    session.receiveFrame(parse("1 1 stream-begin sender-protocol-settings eos cbor:{b'contentencodings': [b'zlib']}"));
    streamBegun = true;
    ClientSession client = new ClientSession(ClientConfig.DEFAULTS, clock);
    client.sendCommand(org.framewire.frames.CommandRequest.of("x"));
    client.pollOutbound();
    run(1, "{b'name': b'x'}").writeObject(CborValue.bytes("a"));
    List<ClientEvent> before = new ArrayList<>();
    for (Frame f : session.pollFrames()) {
      before.addAll(client.receiveFrame(f));
    }
    assertEquals(List.of(), before, "zlib holds the value back");
    session.flushResponses();
    List<ClientEvent> after = new ArrayList<>();
    for (Frame f : session.pollFrames()) {
      after.addAll(client.receiveFrame(f));
    }
    assertEquals(List.of(new ClientEvent.ResponseObject(1, CborValue.bytes("a"))), after);
  }

  @Test
  void theClientsEncodingPreferenceDecidesAmongTheServers() {
    session.receiveFrame(parse("1 1 stream-begin sender-protocol-settings eos cbor:{b'contentencodings': [b'identity', b'zlib']}"));
    streamBegun = true;
    run(1, "{b'name': b'x'}").end();
    List<String> frames = sent();
    assertEquals("1 2 stream-begin stream-settings eos cbor:b'zlib'", frames.get(0),
        "the server prefers zlib over identity; the client's order does not matter (SET-3)");
  }

  @Test
  void withoutACommonEncodingTheOutputIsNotEncoded() {
    session = new ServerSession(ServerConfig.DEFAULTS.withEncodings(
        org.framewire.streams.encoding.EncodingProfiles.of(org.framewire.streams.encoding.EncodingProfiles.ZLIB)), clock);
    run(1, "{b'name': b'x'}").end();
    assertEquals(frames(
        "1 2 stream-begin command-response continuation " + OK,
        "1 2 0 command-response eos "), sent());
  }

  @Test
  void largeValuesAreSplitIntoFramesOfTheMaximumSize() throws ProtocolException {
    session = new ServerSession(ServerConfig.DEFAULTS.withMaxFrameSize(64), clock);
    byte[] big = new byte[1000];
    Arrays.fill(big, (byte) 'y');
    run(1, "{b'name': b'x'}").writeObject(new CborValue.Bytes(big)).end();
    List<Frame> frames = session.pollFrames();
    ByteBuffer all = ByteBuffer.allocate(2000);
    for (Frame f : frames) {
      assertTrue(f.header().payloadLength() <= 64, "FRAME-8");
      if (f.type() == FrameType.COMMAND_RESPONSE) {
        all.put(f.payload().duplicate());
      }
    }
    all.flip();
    assertEquals(List.of(PythonLiteral.parse("{b'status': b'ok'}"), new CborValue.Bytes(big)),
        CborDecoder.decodeAll(all, org.framewire.cbor.CborLimits.DEFAULT));
  }

  @Test
  void indefiniteByteStringsAreStreamedChunkByChunk() throws ProtocolException {
    run(1, "{b'name': b'x'}")
        .beginBytes()
        .writeBytesChunk(ByteBuffer.wrap("abc".getBytes()))
        .writeBytesChunk(ByteBuffer.wrap("de".getBytes()))
        .endBytes()
        .end();
    List<String> frames = sent();
    assertEquals(frames("1 2 encoded command-response continuation \\x5fCabcBde\\xff").get(0), frames.get(2));
    Frame data = parse(frames.get(2));
    assertEquals(new CborValue.IndefiniteBytes(List.of("abc".getBytes(), "de".getBytes())),
        CborDecoder.decodeOne(data.payloadBytes()));
  }

  @Test
  void preEncodedCborPassesThrough() {
    run(1, "{b'name': b'x'}").writeEncoded(ByteBuffer.wrap(new byte[] {(byte) 0x82, 1, 2})).end();
    assertEquals(frames("1 2 encoded command-response continuation cbor:[1, 2]").get(0), sent().get(2));
  }

  @Test
  void commandError() {
    run(1, "{b'name': b'x'}").commandError("bad %s", List.of(CborValue.bytes("arg")));
    assertEquals(frames(
        IDENTITY_SETTINGS,
        "1 2 encoded command-response continuation "
            + "cbor:{b'error': {b'args': [b'arg'], b'message': b'bad %s'}, b'status': b'error'}",
        "1 2 0 command-response eos "), sent());
  }

  @Test
  void commandErrorWithoutArgsLeavesThemOut() {
    run(1, "{b'name': b'x'}").commandError("bad", List.of());
    assertEquals(frames("1 2 encoded command-response continuation "
        + "cbor:{b'error': {b'message': b'bad'}, b'status': b'error'}").get(0), sent().get(1));
  }

  @Test
  void redirectWhenTheClientOfferedATarget() {
    ServerResponse r = run(1, "{b'name': b'x', b'redirect': {b'targets': [b'cdn'], b'hashes': [b'sha256']}}");
    assertTrue(r.redirectOffered());
    CborValue.MapValue location = (CborValue.MapValue) PythonLiteral.parse(
        "{b'mediatype': b'application/x', b'url': b'https://cdn/x'}");
    r.redirect(location);
    assertThrows(IllegalStateException.class, () -> r.writeObject(CborValue.of(1)));
    r.end();
    assertEquals(frames(
        IDENTITY_SETTINGS,
        "1 2 encoded command-response continuation cbor:{b'location': {b'mediatype': b'application/x', "
            + "b'url': b'https://cdn/x'}, b'status': b'redirect'}",
        "1 2 0 command-response eos "), sent());
  }

  @Test
  void noRedirectWithoutAnOffer() {
    ServerResponse r = run(1, "{b'name': b'x'}");
    assertFalse(r.redirectOffered());
    CborValue.MapValue location = (CborValue.MapValue) PythonLiteral.parse("{b'mediatype': b'a', b'url': b'u'}");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.redirect(location));
    assertTrue(e.getMessage().startsWith(Requirement.CMD_REDIRECT_ADVERTISED.id()));
    ServerResponse empty = run(3, "{b'name': b'x', b'redirect': {b'targets': []}}");
    assertThrows(IllegalStateException.class, () -> empty.redirect(location));
    assertThrows(IllegalArgumentException.class, () -> empty.redirect(CborValue.MapValue.of()));
  }

  @Test
  void serverErrorMidResponse() {
    ServerResponse r = run(1, "{b'name': b'x'}");
    r.writeObject(CborValue.of(1));
    r.serverError("disk on fire");
    assertEquals(frames(
        IDENTITY_SETTINGS,
        "1 2 encoded command-response continuation " + OK,
        "1 2 encoded command-response continuation \\x01",
        "1 2 0 error-response 0 cbor:{b'message': [{b'msg': b'disk on fire'}], b'type': b'server'}"), sent());
    assertTrue(r.isEnded());
    assertThrows(IllegalStateException.class, r::end);
    assertEquals(0, session.requestCount());
  }

  @Test
  void textOutputAndProgress() {
    ServerResponse r = run(1, "{b'name': b'x'}");
    r.textOutput(List.of(new TextAtom("hello %s\n", List.of("world"), List.of("label"))));
    r.progress(new ProgressUpdate("files", 3, 10L, "file", "a.txt"));
    r.end();
    List<String> frames = sent();
    assertEquals(frames(
        "1 2 stream-begin text-output 0 cbor:[{b'args': [b'world'], b'labels': [b'label'], b'msg': b'hello %s\\n'}]",
        "1 2 0 progress 0 cbor:{b'item': b'a.txt', b'label': b'file', b'pos': 3, b'topic': b'files', b'total': 10}"),
        frames.subList(0, 2));
  }

  @Test
  void textOutputMustFitOneFrame() {
    session = new ServerSession(ServerConfig.DEFAULTS.withMaxFrameSize(16), clock);
    ServerResponse r = run(1, "{b'name': b'x'}");
    assertThrows(IllegalArgumentException.class,
        () -> r.textOutput(List.of(TextAtom.of("a message longer than sixteen bytes"))));
  }

  @Test
  void misuse() {
    ServerResponse r = run(1, "{b'name': b'x'}");
    assertThrows(IllegalStateException.class, () -> r.writeBytesChunk(ByteBuffer.allocate(1)));
    assertThrows(IllegalStateException.class, r::endBytes);
    r.beginBytes();
    assertThrows(IllegalStateException.class, r::beginBytes);
    assertThrows(IllegalStateException.class, () -> r.writeObject(CborValue.of(1)));
    assertThrows(IllegalStateException.class, r::end);
    assertThrows(IllegalStateException.class, () -> r.commandError("late", List.of()));
    r.endBytes().end();
    assertThrows(IllegalStateException.class, r::end);
    assertThrows(IllegalStateException.class, () -> r.writeObject(CborValue.of(1)));
    assertThrows(IllegalArgumentException.class, () -> session.response(1), "answered requests are gone");
    assertThrows(IllegalArgumentException.class, () -> session.response(99));
  }

  @Test
  void responseWhileCommandDataIsStillStreaming() {
    session = new ServerSession(ServerConfig.DEFAULTS.withDataMode(ServerConfig.DataMode.STREAM), clock);
    session.receiveFrame(parse("1 1 stream-begin command-request new|have-data cbor:{b'name': b'x'}"));
    session.response(1).end();
    assertEquals(1, session.requestCount(), "still receiving data");
    assertEquals(1, session.receiveFrame(parse("1 1 0 command-data eos z")).size());
    assertEquals(0, session.requestCount());
  }

  @Test
  void outboundAccessors() {
    run(1, "{b'name': b'x'}").end();
    assertEquals(3, session.outboundFrames());
    long bytes = session.outboundBytes();
    ByteBuffer[] buffers = session.pollOutbound();
    assertEquals(6, buffers.length);
    long total = 0;
    for (ByteBuffer b : buffers) {
      total += b.remaining();
    }
    assertEquals(bytes, total);
    assertEquals(0, session.outboundBytes());
    assertEquals(8, buffers[0].remaining(), "a header, then its payload");
  }
}
