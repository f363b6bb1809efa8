package org.framewire.session;

import static org.framewire.frames.FrameNotation.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.PythonLiteral;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/** The client session at the frame level: the frames it sends and the events the server's frames cause. */
class ClientSessionTest {

  private final FakeClock clock = new FakeClock();
  private ClientSession client = new ClientSession(ClientConfig.DEFAULTS.withContentEncodings(List.of()), clock);

  private List<String> sent() {
    List<String> out = new ArrayList<>();
    for (Frame f : client.pollFrames()) {
      out.add(FrameNotation.format(f));
    }
    return out;
  }

  private static List<String> frames(String... lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(FrameNotation.format(parse(l)));
    }
    return out;
  }

  private List<ClientEvent> feed(String... lines) {
    List<ClientEvent> all = new ArrayList<>();
    for (String l : lines) {
      all.addAll(client.receiveFrame(parse(l)));
    }
    return all;
  }

  private static CborValue lit(String literal) {
    return PythonLiteral.parse(literal);
  }

  // ---------------------------------------------------------------- sending

  @Test
  void settingsComeFirstThenTheRequest() {
    client = new ClientSession(ClientConfig.DEFAULTS, clock);
    assertEquals(1, client.sendCommand(CommandRequest.of("heads")));
    assertEquals(3, client.sendCommand(CommandRequest.of("known", (CborValue.MapValue) lit("{b'nodes': []}"))));
    assertEquals(frames(
        "1 1 stream-begin sender-protocol-settings eos cbor:{b'contentencodings': [b'zstd-8mb', b'zlib', b'identity']}",
        "1 1 0 command-request new cbor:{b'name': b'heads'}",
        "3 1 0 command-request new cbor:{b'args': {b'nodes': []}, b'name': b'known'}"), sent());
  }

  @Test
  void withoutAdvertisedEncodingsNoSettingsFrame() {
    client.sendCommand(CommandRequest.of("heads"));
    assertEquals(frames("1 1 stream-begin command-request new cbor:{b'name': b'heads'}"), sent());
  }

  @Test
  void commandDataFollowsTheRequest() {
    client.sendCommand(CommandRequest.of("put"), ByteBuffer.wrap("payload".getBytes()));
    assertEquals(frames(
        "1 1 stream-begin command-request new|have-data cbor:{b'name': b'put'}",
        "1 1 0 command-data eos payload"), sent());
  }

  @Test
  void requestsBeyondTheConcurrencyWaitInOrderAndGoOutAsResponsesEnd() {
    client = new ClientSession(ClientConfig.DEFAULTS.withContentEncodings(List.of()).withMaxConcurrentRequests(2), clock);
    assertEquals(1, client.sendCommand(CommandRequest.of("a")));
    assertEquals(3, client.sendCommand(CommandRequest.of("b")));
    assertEquals(5, client.sendCommand(CommandRequest.of("c")), "a batch of any size: c takes its id and waits");
    assertEquals(7, client.sendCommand(CommandRequest.of("d")));
    assertTrue(client.canSend());
    assertEquals(2, client.waitingCount());
    assertEquals(frames("1 1 stream-begin command-request new cbor:{b'name': b'a'}",
        "3 1 0 command-request new cbor:{b'name': b'b'}"), sent());
    feed("3 2 stream-begin command-response eos cbor:{b'status': b'ok'}");
    assertEquals(frames("5 1 0 command-request new cbor:{b'name': b'c'}"), sent(), "b answered: c goes out");
    client.abandon(7);
    assertEquals(0, client.waitingCount(), "a waiting request abandoned is never sent");
    feed("1 2 0 command-response eos cbor:{b'status': b'ok'}");
    assertEquals(List.of(), sent());
  }

  @Test
  void aWaitingRequestIsNotInFlight() {
    client = new ClientSession(ClientConfig.DEFAULTS.withContentEncodings(List.of()).withMaxConcurrentRequests(1), clock);
    client.sendCommand(CommandRequest.of("a"));
    client.sendCommand(CommandRequest.of("b"));
    List<ClientEvent> events = feed("3 2 stream-begin command-response eos cbor:{b'status': b'ok'}");
    assertEquals(org.framewire.spec.Requirement.CMD_UNKNOWN_REQUEST,
        assertInstanceOf(ClientEvent.ProtocolFailure.class, events.get(0)).requirement(), "CMD-4: 3 was never sent");
    assertEquals(new ClientEvent.Closed(CloseReason.PROTOCOL_ERROR, List.of(1, 3)), events.get(1));
  }

  @Test
  void theIdSpaceBoundsWhatIsSentOrWaitingWithAClearError() {
    client = new ClientSession(ClientConfig.DEFAULTS.withContentEncodings(List.of()).withMaxConcurrentRequests(1), clock);
    for (int i = 0; i < RequestTable.ID_COUNT; i++) {
      client.sendCommand(CommandRequest.of("x"));
    }
    assertFalse(client.canSend());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> client.sendCommand(CommandRequest.of("y")));
    assertTrue(e.getMessage().contains("every odd request id is taken"), e.getMessage());
  }

  // ---------------------------------------------------------------- responses

  @Test
  void responseObjectsArriveAsSoonAsTheyAreComplete() {
    client.sendCommand(CommandRequest.of("x"));
    // status map and half of a byte string: nothing yet
    assertEquals(List.of(), feed("1 2 stream-begin command-response continuation \\xa1FstatusBokEab"));
    assertEquals(List.of(new ClientEvent.ResponseObject(1, CborValue.bytes("abcde")), new ClientEvent.ResponseObject(1, CborValue.of(1))),
        feed("1 2 0 command-response continuation cde\\x01"));
    assertEquals(List.of(new ClientEvent.ResponseComplete(1)), feed("1 2 0 command-response eos "));
    assertEquals(0, client.requestCount());
  }

  @Test
  void interleavedResponsesAreRoutedByRequestId() {
    client.sendCommand(CommandRequest.of("a"));
    client.sendCommand(CommandRequest.of("b"));
    List<ClientEvent> events = feed(
        "3 2 stream-begin command-response continuation cbor:{b'status': b'ok'}",
        "1 2 0 command-response continuation cbor:{b'status': b'ok'}",
        "3 2 0 command-response continuation cbor:b'three'",
        "1 2 0 command-response eos cbor:b'one'",
        "3 2 0 command-response eos ");
    assertEquals(List.of(
        new ClientEvent.ResponseObject(3, CborValue.bytes("three")),
        new ClientEvent.ResponseObject(1, CborValue.bytes("one")),
        new ClientEvent.ResponseComplete(1),
        new ClientEvent.ResponseComplete(3)), events);
  }

  @Test
  void commandError() {
    client.sendCommand(CommandRequest.of("x"));
    assertEquals(List.of(new ClientEvent.CommandError(1, "unknown %s", List.of(CborValue.bytes("x")))),
        feed("1 2 stream-begin command-response eos "
            + "cbor:{b'status': b'error', b'error': {b'message': b'unknown %s', b'args': [b'x']}}"));
  }

  @Test
  void redirect() {
    client.sendCommand(CommandRequest.of("x").withRedirect((CborValue.MapValue) lit("{b'targets': [b'cdn']}")));
    CborValue.MapValue location = (CborValue.MapValue) lit("{b'mediatype': b'm', b'url': b'u'}");
    assertEquals(List.of(new ClientEvent.Redirect(1, location), new ClientEvent.ResponseComplete(1)),
        feed("1 2 stream-begin command-response continuation cbor:{b'location': {b'mediatype': b'm', b'url': b'u'}, b'status': b'redirect'}",
            "1 2 0 command-response eos "));
  }

  @Test
  void errorTextAndProgressFrames() {
    client.sendCommand(CommandRequest.of("x"));
    client.sendCommand(CommandRequest.of("y"));
    assertEquals(List.of(
        new ClientEvent.TextOutput(1, List.of(new TextAtom("hi %s", List.of("you"), List.of()))),
        new ClientEvent.Progress(1, new ProgressUpdate("files", 1, 2L, null, null)),
        new ClientEvent.ErrorResponse(3, "server", List.of(TextAtom.of("boom")), null)),
        feed("1 2 stream-begin text-output 0 cbor:[{b'msg': b'hi %s', b'args': [b'you']}]",
            "1 2 0 progress 0 cbor:{b'topic': b'files', b'pos': 1, b'total': 2}",
            "3 2 0 error-response 0 cbor:{b'type': b'server', b'message': [{b'msg': b'boom'}]}"));
    assertEquals(1, client.requestCount(), "the error ended request 3");
    assertFalse(client.isClosed());
  }

  @Test
  void aProtocolErrorFromTheServerEndsTheSession() {
    client.sendCommand(CommandRequest.of("x"));
    client.sendCommand(CommandRequest.of("y"));
    assertEquals(List.of(
        new ClientEvent.ErrorResponse(0, "protocol", List.of(new TextAtom("%s: %s", List.of("CMD-4", "nonsense"), List.of())),
            "CMD-4"),
        new ClientEvent.Closed(CloseReason.PEER_ERROR, List.of(1, 3))),
        feed("0 2 stream-begin error-response 0 cbor:{b'type': b'protocol', b'requirement': b'CMD-4', "
            + "b'message': [{b'msg': b'%s: %s', b'args': [b'CMD-4', b'nonsense']}]}"));
    assertTrue(client.isClosed());
  }

  @Test
  void streamedByteStrings() {
    client = new ClientSession(ClientConfig.DEFAULTS.withContentEncodings(List.of())
        .withByteStrings(ClientConfig.ByteStringMode.STREAM), clock);
    client.sendCommand(CommandRequest.of("x"));
    assertEquals(List.of(
        new ClientEvent.ResponseChunk(1, "abc".getBytes(), false),
        new ClientEvent.ResponseChunk(1, "de".getBytes(), false),
        new ClientEvent.ResponseChunk(1, new byte[0], true),
        new ClientEvent.ResponseObject(1, CborValue.of(5)),
        new ClientEvent.ResponseComplete(1)),
        feed("1 2 stream-begin command-response continuation cbor:{b'status': b'ok'}",
            "1 2 0 command-response continuation \\x5fCabcBd",
            "1 2 0 command-response eos e\\xff\\x05"));
  }

  // ---------------------------------------------------------------- violations

  private void assertViolation(Requirement expected, String... lines) {
    List<ClientEvent> all = feed(lines);
    assertTrue(all.size() >= 2, all::toString);
    ClientEvent.ProtocolFailure failure = assertInstanceOf(ClientEvent.ProtocolFailure.class, all.get(all.size() - 2), all::toString);
    assertEquals(expected, failure.requirement(), failure::message);
    ClientEvent.Closed closed = assertInstanceOf(ClientEvent.Closed.class, all.get(all.size() - 1));
    assertEquals(CloseReason.PROTOCOL_ERROR, closed.reason());
    assertTrue(client.isClosed());
    client.pollFrames();
    assertTrue(client.pollFrames().isEmpty(), "ERR-2: a client sends no error frame");
    assertEquals(List.of(), client.receiveFrame(parse(lines[lines.length - 1])), "ignored once closed");
    assertThrows(IllegalStateException.class, () -> client.sendCommand(CommandRequest.of("late")));
  }

  @Test
  void responseForNoRequest() {
    assertViolation(Requirement.CMD_UNKNOWN_REQUEST, "1 2 stream-begin command-response eos cbor:{b'status': b'ok'}");
  }

  @Test
  void serverOnOddStream() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.STREAM_ID_PARITY, "1 1 stream-begin command-response eos cbor:{b'status': b'ok'}");
  }

  @Test
  void firstFrameWithoutBegin() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.STREAM_BEGIN_FIRST, "1 2 0 command-response eos cbor:{b'status': b'ok'}");
  }

  @Test
  void encodedBeforeSettings() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.STREAM_ENCODED_NEEDS_SETTINGS,
        "1 2 stream-begin|encoded command-response eos cbor:{b'status': b'ok'}");
  }

  @Test
  void responseFlags() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.CMD_RESPONSE_FLAGS, "1 2 stream-begin command-response continuation|eos cbor:{b'status': b'ok'}");
  }

  @Test
  void valueBeforeTheStatusMap() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.CMD_STATUS_FIRST, "1 2 stream-begin command-response eos cbor:[1]");
  }

  @Test
  void byteStringBeforeTheStatusMapWhenStreaming() {
    client = new ClientSession(ClientConfig.DEFAULTS.withByteStrings(ClientConfig.ByteStringMode.STREAM), clock);
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.CMD_STATUS_FIRST, "1 2 stream-begin command-response eos \\x5fAa\\xff");
  }

  @Test
  void unknownStatus() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.CMD_STATUS_FIRST, "1 2 stream-begin command-response eos cbor:{b'status': b'maybe'}");
  }

  @Test
  void responseWithoutAnyValue() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.CBOR_ITEM_COUNT, "1 2 stream-begin command-response eos ");
  }

  @Test
  void truncatedValueAtEos() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.CBOR_WELL_FORMED, "1 2 stream-begin command-response eos \\xa1FstatusBo");
  }

  @Test
  void responseAfterItsEos() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.CMD_UNKNOWN_REQUEST,
        "1 2 stream-begin command-response eos cbor:{b'status': b'ok'}",
        "1 2 0 command-response eos cbor:1");
  }

  @Test
  void malformedErrorMap() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.CMD_ERROR_MAP, "1 2 stream-begin command-response eos cbor:{b'status': b'error'}");
  }

  @Test
  void valueAfterAnErrorStatus() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.CMD_ERROR_MAP,
        "1 2 stream-begin command-response continuation cbor:{b'status': b'error', b'error': {b'message': b'm'}}",
        "1 2 0 command-response eos cbor:1");
  }

  @Test
  void redirectNotOffered() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.CMD_REDIRECT_ADVERTISED,
        "1 2 stream-begin command-response eos cbor:{b'status': b'redirect', b'location': {b'url': b'u'}}");
  }

  @Test
  void malformedErrorTextAndProgressPayloads() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.ERR_PAYLOAD, "1 2 stream-begin error-response 0 cbor:{b'message': []}");
    client = new ClientSession(ClientConfig.DEFAULTS, clock);
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.TEXT_ATOMS, "1 2 stream-begin text-output 0 cbor:[{b'args': []}]");
    client = new ClientSession(ClientConfig.DEFAULTS, clock);
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.PROG_PAYLOAD, "1 2 stream-begin progress 0 cbor:{b'topic': b't'}");
  }

  @Test
  void aServerErrorForNoRequest() {
    assertViolation(Requirement.CMD_UNKNOWN_REQUEST,
        "5 2 stream-begin error-response 0 cbor:{b'type': b'server', b'message': [{b'msg': b'?'}]}");
  }

  @Test
  void requestTypesFromTheServer() {
    assertViolation(Requirement.FRAME_DIRECTION, "1 2 stream-begin command-request new cbor:{b'name': b'x'}");
    client = new ClientSession(ClientConfig.DEFAULTS, clock);
    assertViolation(Requirement.FRAME_DIRECTION, "1 2 stream-begin sender-protocol-settings eos cbor:{}");
  }

  @Test
  void serverFramesCarryClientRequestIds() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.FRAME_REQUEST_ID_PARITY, "2 2 stream-begin command-response eos cbor:{b'status': b'ok'}");
    client = new ClientSession(ClientConfig.DEFAULTS, clock);
    assertViolation(Requirement.FRAME_REQUEST_ID_PARITY, "0 2 stream-begin text-output 0 cbor:[{b'msg': b'm'}]");
  }

  @Test
  void aResponseStaysOnItsStream() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.CMD_RESPONSE_FLAGS,
        "1 2 stream-begin command-response continuation cbor:{b'status': b'ok'}",
        "1 4 stream-begin command-response eos ");
  }

  @Test
  void valueAfterARedirect() {
    client.sendCommand(CommandRequest.of("x").withRedirect((CborValue.MapValue) lit("{b'targets': [b'cdn']}")));
    assertViolation(Requirement.CMD_REDIRECT_ALONE,
        "1 2 stream-begin command-response continuation cbor:{b'status': b'redirect', b'location': {b'url': b'u'}}",
        "1 2 0 command-response eos cbor:1");
  }

  @Test
  void unknownErrorType() {
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.ERR_PAYLOAD,
        "1 2 stream-begin error-response 0 cbor:{b'type': b'command', b'message': [{b'msg': b'm'}]}");
  }

  @Test
  void runsOfEmptyFramesFromTheServer() {
    client = new ClientSession(ClientConfig.DEFAULTS.withMaxEmptyFrames(2), clock);
    client.sendCommand(CommandRequest.of("x"));
    assertViolation(Requirement.LIMIT_EMPTY_FRAMES,
        "1 2 stream-begin command-response continuation ",
        "1 2 0 command-response continuation ",
        "1 2 0 command-response continuation ");
  }

  @Test
  void truncatedInput() {
    client.sendCommand(CommandRequest.of("x"));
    client.pollFrames();
    client.receive(ByteBuffer.wrap(new byte[] {5, 0, 0}));
    List<ClientEvent> events = client.receiveEnd();
    assertEquals(Requirement.FRAME_TRUNCATED, assertInstanceOf(ClientEvent.ProtocolFailure.class, events.get(0)).requirement());
    assertTrue(client.pollFrames().isEmpty());
    assertEquals(new ClientEvent.Closed(CloseReason.PROTOCOL_ERROR, List.of(1)), events.get(1));
  }

  // ---------------------------------------------------------------- end, abandon, time

  @Test
  void serverEndsItsOutput() {
    client.sendCommand(CommandRequest.of("x"));
    assertEquals(List.of(new ClientEvent.Closed(CloseReason.PEER_CLOSED, List.of(1))), client.receiveEnd());
  }

  @Test
  void abandonedResponsesAreDroppedUntilTheyEnd() {
    client.sendCommand(CommandRequest.of("x"));
    client.abandon(1);
    assertEquals(List.of(), feed(
        "1 2 stream-begin command-response continuation cbor:{b'status': b'ok'}",
        "1 2 0 text-output 0 cbor:[{b'msg': b'm'}]"));
    assertEquals(1, client.requestCount(), "the id stays reserved");
    assertEquals(List.of(), feed("1 2 0 command-response eos cbor:1"));
    assertEquals(0, client.requestCount());
    assertEquals(List.of(new ClientEvent.Closed(CloseReason.LOCAL_CLOSE, List.of())), client.close());
  }

  @Test
  void requestTimeout() {
    client = new ClientSession(ClientConfig.DEFAULTS.withTimeouts(Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO), clock);
    long start = clock.getAsLong();
    client.sendCommand(CommandRequest.of("x"));
    assertEquals(start + 5_000_000_000L, client.nextDeadline());
    assertEquals(List.of(), client.onTimeout(clock.advanceMillis(4_999)));
    assertEquals(List.of(new ClientEvent.RequestTimedOut(1)), client.onTimeout(clock.advanceMillis(1)));
    assertEquals(Long.MAX_VALUE, client.nextDeadline());
    assertEquals(List.of(), feed("1 2 stream-begin command-response eos cbor:{b'status': b'ok'}"));
    assertFalse(client.isClosed());
  }

  @Test
  void idleTimeout() {
    client = new ClientSession(ClientConfig.DEFAULTS.withTimeouts(Duration.ZERO, Duration.ofSeconds(30), Duration.ZERO), clock);
    long start = clock.getAsLong();
    assertEquals(start + 30_000_000_000L, client.nextDeadline());
    client.sendCommand(CommandRequest.of("x"));
    assertEquals(List.of(), client.onTimeout(clock.advanceMillis(30_000)), "a request is in flight");
    feed("1 2 stream-begin command-response eos cbor:{b'status': b'ok'}");
    long answered = clock.getAsLong();
    assertEquals(List.of(), client.onTimeout(clock.advanceMillis(29_000)));
    assertEquals(List.of(new ClientEvent.Closed(CloseReason.IDLE_TIMEOUT, List.of())),
        client.onTimeout(answered + 30_000_000_000L));
  }
}
