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
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.frames.PythonLiteral;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/** The server session at the frame level, written in the frame notation. */
class ServerSessionTest {

  private final FakeClock clock = new FakeClock();
  private ServerSession session = new ServerSession(ServerConfig.DEFAULTS, clock);

  static final CborValue.MapValue NO_ARGS = new CborValue.MapValue(List.of());

  private List<ServerEvent> feed(String... lines) {
    List<ServerEvent> all = new ArrayList<>();
    for (String line : lines) {
      all.addAll(session.receiveFrame(parse(line)));
    }
    return all;
  }

  private static CborValue.MapValue map(String literal) {
    return (CborValue.MapValue) PythonLiteral.parse(literal);
  }

  private List<String> sent() {
    List<String> out = new ArrayList<>();
    for (Frame f : session.pollFrames()) {
      out.add(FrameNotation.format(f));
    }
    return out;
  }

  // ---------------------------------------------------------------- requests

  @Test
  void oneFrameCommand() {
    assertEquals(
        List.of(new ServerEvent.RunCommand(1, "mycommand", NO_ARGS, List.of(), null, null, false)),
        feed("1 1 stream-begin command-request new cbor:{b'name': b'mycommand'}"));
    assertEquals(ServerState.OPEN, session.state());
    assertEquals(1, session.requestCount());
  }

  @Test
  void argumentsAndRedirectOffer() {
    assertEquals(
        List.of(new ServerEvent.RunCommand(41, "mycommand", map("{b'foo': b'bar'}"), List.of(),
            map("{b'hashes': [b'sha256'], b'targets': [b'cdn']}"), null, false)),
        feed("41 1 stream-begin command-request new cbor:{b'name': b'mycommand', b'args': {b'foo': b'bar'}, "
            + "b'redirect': {b'targets': [b'cdn'], b'hashes': [b'sha256']}}"));
  }

  @Test
  void requestsInterleaveByRequestId() {
    // {b'name': b'first'} cut into two frames of request 1, request 3 in between (CMD-12).
    assertEquals(List.of(), feed("1 1 stream-begin command-request new|more \\xa1\\x44name"));
    assertEquals(
        List.of(new ServerEvent.RunCommand(3, "second", NO_ARGS, List.of(), null, null, false)),
        feed("3 1 0 command-request new cbor:{b'name': b'second'}"));
    assertEquals(
        List.of(new ServerEvent.RunCommand(1, "first", NO_ARGS, List.of(), null, null, false)),
        feed("1 1 0 command-request continuation \\x45first"));
  }

  @Test
  void commandDataIsBufferedByDefault() {
    assertEquals(List.of(), feed(
        "1 1 stream-begin command-request new|have-data cbor:{b'name': b'put'}",
        "1 1 0 command-data continuation data1",
        "1 1 0 command-data continuation data2"));
    List<ServerEvent> events = feed("1 1 0 command-data eos data3");
    assertEquals(1, events.size());
    ServerEvent.RunCommand run = assertInstanceOf(ServerEvent.RunCommand.class, events.get(0));
    assertEquals("data1data2data3", new String(run.dataBytes()));
    assertEquals(new ServerEvent.RunCommand(1, "put", NO_ARGS, List.of(), null, ByteBuffer.wrap("data1data2data3".getBytes()), false),
        run);
  }

  @Test
  void commandDataIsStreamedInStreamMode() {
    session = new ServerSession(ServerConfig.DEFAULTS.withDataMode(ServerConfig.DataMode.STREAM), clock);
    assertEquals(List.of(new ServerEvent.RunCommand(1, "put", NO_ARGS, List.of(), null, null, true)),
        feed("1 1 stream-begin command-request new|have-data cbor:{b'name': b'put'}"));
    assertEquals(List.of(new ServerEvent.CommandData(1, ByteBuffer.wrap("ab".getBytes()), false)),
        feed("1 1 0 command-data continuation ab"));
    assertEquals(List.of(new ServerEvent.CommandData(1, ByteBuffer.wrap("c".getBytes()), true)),
        feed("1 1 0 command-data eos c"));
  }

  @Test
  void senderProtocolSettingsAcrossFrames() {
    assertEquals(List.of(), feed(
        "1 1 stream-begin sender-protocol-settings continuation \\xa1\\x50contentencod",
        "1 1 0 sender-protocol-settings eos ings\\x82\\x44zlib\\x48identity"));
    assertEquals(List.of("zlib", "identity"), session.clientContentEncodings());
    assertEquals(ServerState.OPEN, session.state());
  }

  @Test
  void withoutSettingsTheClientAcceptsIdentityOnly() {
    feed("1 1 stream-begin command-request new cbor:{b'name': b'x'}");
    assertEquals(List.of("identity"), session.clientContentEncodings());
  }

  // ---------------------------------------------------------------- violations

  private void assertViolation(Requirement expected, String... lines) {
    List<ServerEvent> all = feed(lines);
    assertTrue(all.size() >= 2, () -> "events: " + all);
    List<ServerEvent> events = all.subList(all.size() - 2, all.size());
    ServerEvent.ProtocolFailure failure = assertInstanceOf(ServerEvent.ProtocolFailure.class, events.get(0), all::toString);
    assertEquals(expected, failure.requirement(), failure::message);
    assertEquals(new ServerEvent.Closed(CloseReason.PROTOCOL_ERROR), events.get(1));
    assertTrue(all.subList(0, all.size() - 2).stream().noneMatch(e -> e instanceof ServerEvent.ProtocolFailure),
        "the violation is the last frame's");
    assertEquals(ServerState.CLOSED, session.state());
    List<Frame> out = session.pollFrames();
    Frame error = out.get(out.size() - 1);
    assertEquals(failure.errorFrame(), error);
    assertEquals(FrameType.ERROR_RESPONSE, error.type());
    assertEquals(2, error.streamId(), "the server's first stream");
    assertEquals(0, error.requestId(), "ERR-3");
    CborValue.MapValue payload = (CborValue.MapValue) decodeOne(error);
    assertEquals(CborValue.bytes("protocol"), payload.get("type"));
    assertEquals(CborValue.bytes(expected.id()), payload.get("requirement"), "ERR-3");
    TextAtom atom = atoms(payload.get("message")).get(0);
    assertTrue(atom.format().startsWith(expected.id() + ": "), atom::format);
    assertEquals(List.of(), session.receiveFrame(parse(lines[lines.length - 1])), "ignored once closed");
  }

  private static CborValue decodeOne(Frame f) {
    try {
      return CborDecoder.decodeOne(f.payloadBytes());
    } catch (ProtocolException e) {
      throw new AssertionError(e);
    }
  }

  private static List<TextAtom> atoms(CborValue v) {
    try {
      return TextAtom.listFromCbor(v, Requirement.ERR_PAYLOAD);
    } catch (ProtocolException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void errorFrameCarriesRequestIdZeroAndTheRequirement() {
    feed("2 1 stream-begin command-request new cbor:{b'name': b'x'}");
    assertTrue(session.isClosed());
    // ERR-3: request id 0, the requirement under its own key, the recommended "%s: %s" atom;
    // nothing was sent before, so the frame opens the server's first stream, 2.
    assertEquals(List.of(FrameNotation.format(parse("0 2 stream-begin error-response 0 cbor:{b'message': [{b'args': "
        + "[b'FRAME-7', b'request id 2 of a client frame is not odd'], b'msg': b'%s: %s'}], "
        + "b'requirement': b'FRAME-7', b'type': b'protocol'}"))), sent());
  }

  @Test
  void evenRequestId() {
    assertViolation(Requirement.FRAME_REQUEST_ID_PARITY, "2 1 stream-begin command-request new cbor:{b'name': b'x'}");
  }

  @Test
  void requestIdZero() {
    assertViolation(Requirement.FRAME_REQUEST_ID_PARITY, "0 1 stream-begin command-request new cbor:{b'name': b'x'}");
  }

  @Test
  void reservedTypeUndefinedFlagsAndStreamFlags() {
    assertViolation(Requirement.FRAME_TYPE_KNOWN, "1 1 stream-begin 4 0 ");
    session = new ServerSession(ServerConfig.DEFAULTS, clock);
    assertViolation(Requirement.FRAME_FLAGS_DEFINED, "1 1 stream-begin error-response 1 ");
    session = new ServerSession(ServerConfig.DEFAULTS, clock);
    assertViolation(Requirement.FRAME_STREAM_FLAGS_DEFINED, "1 1 stream-begin|0x10 command-request new cbor:{b'name': b'x'}");
  }

  @Test
  void newAndContinuationTogetherOrNeither() {
    assertViolation(Requirement.CMD_NEW_FLAG, "1 1 stream-begin command-request new|continuation ");
    session = new ServerSession(ServerConfig.DEFAULTS, clock);
    assertViolation(Requirement.CMD_NEW_FLAG, "1 1 stream-begin command-request 0 ");
  }

  @Test
  void newRequestWhoseIdIsInFlight() {
    assertViolation(Requirement.CMD_ID_IN_FLIGHT,
        "1 1 stream-begin command-request new|more cbor:{b'name': b'command'}",
        "1 1 0 command-request new cbor:{b'name': b'command1'}");
  }

  @Test
  void newRequestWhoseIdIsDispatchedAndUnanswered() {
    assertViolation(Requirement.CMD_ID_IN_FLIGHT,
        "1 1 stream-begin command-request new cbor:{b'name': b'a'}",
        "1 1 0 command-request new cbor:{b'name': b'b'}");
  }

  @Test
  void idIsFreeAgainOnceAnswered() {
    feed("1 1 stream-begin command-request new cbor:{b'name': b'a'}");
    session.response(1).end();
    assertEquals(List.of(new ServerEvent.RunCommand(1, "b", NO_ARGS, List.of(), null, null, false)),
        feed("1 1 0 command-request new cbor:{b'name': b'b'}"));
  }

  @Test
  void continuationOfUnknownRequest() {
    assertViolation(Requirement.CMD_UNKNOWN_REQUEST,
        "1 1 stream-begin command-request new|more cbor:{b'name': b'x'}",
        "3 1 0 command-request continuation \\x00");
  }

  @Test
  void continuationAfterTheLastRequestFrame() {
    assertViolation(Requirement.CMD_REQUEST_FRAME_FLAGS,
        "1 1 stream-begin command-request new|have-data cbor:{b'name': b'x'}",
        "1 1 0 command-request continuation \\x00");
  }

  @Test
  void haveDataMustBeOnEveryRequestFrame() {
    assertViolation(Requirement.CMD_REQUEST_FRAME_FLAGS,
        "1 1 stream-begin command-request new|more|have-data \\xa1\\x44name",
        "1 1 0 command-request continuation \\x41x");
  }

  @Test
  void dataForARequestWithoutHaveData() {
    assertViolation(Requirement.CMD_DATA_EXPECTED,
        "1 1 stream-begin command-request new|more cbor:{b'name': b'ignored'}",
        "1 1 0 command-data eos ignored");
  }

  @Test
  void dataAfterItsEos() {
    session = new ServerSession(ServerConfig.DEFAULTS.withDataMode(ServerConfig.DataMode.STREAM), clock);
    assertViolation(Requirement.CMD_DATA_EXPECTED,
        "1 1 stream-begin command-request new|have-data cbor:{b'name': b'x'}",
        "1 1 0 command-data eos a",
        "1 1 0 command-data eos b");
  }

  @Test
  void dataWithoutFlags() {
    assertViolation(Requirement.CMD_DATA_EXPECTED,
        "1 1 stream-begin command-request new|have-data cbor:{b'name': b'x'}",
        "1 1 0 command-data 0 x");
  }

  @Test
  void dataBeforeAnyRequest() {
    assertViolation(Requirement.CMD_UNKNOWN_REQUEST, "1 1 stream-begin command-data 0 ignored");
  }

  @Test
  void responseTypesFromAClient() {
    assertViolation(Requirement.FRAME_DIRECTION,
        "1 1 stream-begin command-request new cbor:{b'name': b'x'}",
        "3 1 0 progress 0 cbor:{}");
  }

  @Test
  void requestMapWithoutName() {
    assertViolation(Requirement.CMD_REQUEST_MAP, "1 1 stream-begin command-request new cbor:{b'args': {}}");
  }

  @Test
  void requestPayloadOfTwoValues() {
    assertViolation(Requirement.CBOR_ITEM_COUNT, "1 1 stream-begin command-request new \\xa0\\xa0");
  }

  @Test
  void malformedRequestCbor() {
    assertViolation(Requirement.CBOR_WELL_FORMED, "1 1 stream-begin command-request new \\xff");
  }

  @Test
  void requestCborDeclaringMoreThanArrives() {
    assertViolation(Requirement.CBOR_LIMITS, "1 1 stream-begin command-request new \\xa1\\x44na");
  }

  @Test
  void settingsAfterACommand() {
    assertViolation(Requirement.SET_FIRST,
        "1 1 stream-begin command-request new cbor:{b'name': b'x'}",
        "1 1 0 sender-protocol-settings eos cbor:{}");
  }

  @Test
  void commandBeforeTheSettingsEnd() {
    assertViolation(Requirement.SET_FIRST,
        "1 1 stream-begin sender-protocol-settings continuation \\xa1",
        "1 1 0 command-request new cbor:{b'name': b'x'}");
  }

  @Test
  void aCloseWithdrawsTheRequestsDispatchedInTheSameCall() {
    // A complete request, then a violation, in one receive: the close drops the request, so its
    // RunCommand must not reach the caller (response(1) would throw: the fuzz finding in
    // docs/fuzzing.md, where the TCP transport then closed without sending the error-response).
    byte[] bytes = concat(
        parse("1 1 stream-begin command-request new cbor:{b'name': b'echo'}").toBytes(),
        parse("7 1 0 command-data eos cbor:b'x'").toBytes());
    List<ServerEvent> events = session.receive(java.nio.ByteBuffer.wrap(bytes));
    assertEquals(2, events.size(), events::toString);
    assertEquals(Requirement.CMD_UNKNOWN_REQUEST,
        assertInstanceOf(ServerEvent.ProtocolFailure.class, events.get(0)).requirement());
    assertEquals(new ServerEvent.Closed(CloseReason.PROTOCOL_ERROR), events.get(1));
    assertThrows(IllegalArgumentException.class, () -> session.response(1));
  }

  @Test
  void aRequestDispatchedInAnEarlierCallWasHandedOverBeforeTheClose() {
    List<ServerEvent> first = session.receive(java.nio.ByteBuffer.wrap(
        parse("1 1 stream-begin command-request new cbor:{b'name': b'echo'}").toBytes()));
    assertInstanceOf(ServerEvent.RunCommand.class, first.get(0));
    List<ServerEvent> second = session.receive(java.nio.ByteBuffer.wrap(parse("7 1 0 command-data eos cbor:b'x'").toBytes()));
    assertInstanceOf(ServerEvent.ProtocolFailure.class, second.get(0));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void settingsAfterStreamSettings() {
    // Regression: stream-settings frames did not count as "any other frame" for SET-1.
    assertViolation(Requirement.SET_FIRST,
        "1 1 stream-begin stream-settings eos cbor:b'identity'",
        "1 3 stream-begin sender-protocol-settings eos cbor:{}");
  }

  @Test
  void streamSettingsBeforeTheSettingsEnd() {
    assertViolation(Requirement.SET_FIRST,
        "1 1 stream-begin sender-protocol-settings continuation \\xa0",
        "1 3 stream-begin stream-settings eos cbor:b'identity'");
  }

  @Test
  void settingsFlags() {
    assertViolation(Requirement.SET_FORMAT, "1 1 stream-begin sender-protocol-settings continuation|eos cbor:{}");
    session = new ServerSession(ServerConfig.DEFAULTS, clock);
    assertViolation(Requirement.SET_FORMAT, "1 1 stream-begin sender-protocol-settings 0 cbor:{}");
  }

  @Test
  void settingsPayloads() {
    assertViolation(Requirement.CBOR_ITEM_COUNT, "1 1 stream-begin sender-protocol-settings eos ");
    session = new ServerSession(ServerConfig.DEFAULTS, clock);
    assertViolation(Requirement.CBOR_ITEM_COUNT, "1 1 stream-begin sender-protocol-settings eos \\xa0\\xa0");
    session = new ServerSession(ServerConfig.DEFAULTS, clock);
    assertViolation(Requirement.SET_FORMAT, "1 1 stream-begin sender-protocol-settings eos cbor:[]");
    session = new ServerSession(ServerConfig.DEFAULTS, clock);
    assertViolation(Requirement.SET_FORMAT,
        "1 1 stream-begin sender-protocol-settings eos cbor:{b'contentencodings': b'zlib'}");
    session = new ServerSession(ServerConfig.DEFAULTS, clock);
    assertViolation(Requirement.SET_FORMAT,
        "1 1 stream-begin sender-protocol-settings eos cbor:{b'contentencodings': ['zlib']}");
  }

  // ---------------------------------------------------------------- limits

  @Test
  void settingsSizeLimit() {
    session = new ServerSession(ServerConfig.DEFAULTS.withMaxSettingsBytes(8), clock);
    assertViolation(Requirement.SET_LIMIT,
        "1 1 stream-begin sender-protocol-settings continuation \\xa1\\x50conte",
        "1 1 0 sender-protocol-settings eos ntencodings\\x80");
  }

  @Test
  void requestSizeLimit() {
    session = new ServerSession(ServerConfig.DEFAULTS.withMaxRequestBytes(10), clock);
    assertViolation(Requirement.CMD_REQUEST_LIMIT,
        "1 1 stream-begin command-request new|more \\xa1\\x44name",
        "1 1 0 command-request continuation \\x45first");
  }

  @Test
  void bufferedDataLimit() {
    session = new ServerSession(ServerConfig.DEFAULTS.withMaxBufferedDataBytes(4), clock);
    assertViolation(Requirement.CMD_REQUEST_LIMIT,
        "1 1 stream-begin command-request new|have-data cbor:{b'name': b'x'}",
        "1 1 0 command-data continuation abc",
        "1 1 0 command-data eos de");
  }

  @Test
  void streamedDataIsNotLimitedByTheBufferLimit() {
    session = new ServerSession(ServerConfig.DEFAULTS.withMaxBufferedDataBytes(1)
        .withDataMode(ServerConfig.DataMode.STREAM), clock);
    List<ServerEvent> events = feed(
        "1 1 stream-begin command-request new|have-data cbor:{b'name': b'x'}",
        "1 1 0 command-data continuation abc",
        "1 1 0 command-data eos de");
    assertEquals(3, events.size());
  }

  @Test
  void partialRequestLimit() {
    session = new ServerSession(ServerConfig.DEFAULTS.withMaxPartialRequests(2), clock);
    assertViolation(Requirement.CMD_CONCURRENCY_LIMIT,
        "1 1 stream-begin command-request new|more \\xa1",
        "3 1 0 command-request new|more \\xa1",
        "5 1 0 command-request new|more \\xa1");
  }

  @Test
  void runsOfEmptyFrames() {
    session = new ServerSession(ServerConfig.DEFAULTS.withMaxEmptyFrames(3).withDataMode(ServerConfig.DataMode.STREAM), clock);
    feed("1 1 stream-begin command-request new|have-data cbor:{b'name': b'x'}",
        "1 1 0 command-data continuation ",
        "1 1 0 command-data continuation ",
        "1 1 0 command-data continuation a",
        "1 1 0 command-data continuation ",
        "1 1 0 command-data continuation ",
        "1 1 0 command-data continuation ");
    assertViolation(Requirement.LIMIT_EMPTY_FRAMES, "1 1 0 command-data continuation ");
  }

  @Test
  void frameLargerThanTheMaximum() {
    session = new ServerSession(ServerConfig.DEFAULTS.withMaxInboundFrameSize(8), clock);
    assertViolation(Requirement.FRAME_MAX_SIZE, "1 1 stream-begin command-request new cbor:{b'name': b'toolong'}");
  }

  @Test
  void directionIsCheckedBeforeTheRequestId() {
    assertViolation(Requirement.FRAME_DIRECTION, "2 1 stream-begin command-response eos ");
  }

  @Test
  void filesAndRedirectOfferAreTyped() {
    assertEquals(List.of(new ServerEvent.RunCommand(1, "x", NO_ARGS, List.of(CborValue.bytes("a/b")), null, null, false)),
        feed("1 1 stream-begin command-request new cbor:{b'name': b'x', b'files': [b'a/b'], b'future': 1}"),
        "CMD-13: unknown keys are ignored");
    assertViolation(Requirement.CMD_REQUEST_MAP, "3 1 0 command-request new cbor:{b'name': b'x', b'files': b'a/b'}");
    session = new ServerSession(ServerConfig.DEFAULTS, clock);
    assertViolation(Requirement.CMD_REQUEST_MAP,
        "1 1 stream-begin command-request new cbor:{b'name': b'x', b'redirect': {b'targets': [1]}}");
  }

  @Test
  void frameReadTimeout() {
    session = new ServerSession(ServerConfig.DEFAULTS.withTimeouts(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30)), clock);
    long start = clock.getAsLong();
    session.receive(ByteBuffer.wrap(new byte[] {5, 0, 0, 1}));
    assertEquals(start + 30_000_000_000L, session.nextDeadline());
    session.receive(ByteBuffer.wrap(new byte[] {0, 1}));
    assertEquals(start + 30_000_000_000L, session.nextDeadline(), "counted from the frame's first byte");
    List<ServerEvent> events = session.onTimeout(clock.advanceMillis(30_000));
    assertEquals(Requirement.LIMIT_FRAME_READ_TIMEOUT,
        assertInstanceOf(ServerEvent.ProtocolFailure.class, events.get(0)).requirement());
  }

  @Test
  void theFrameReadTimerWaitsWhileTheSessionIsNotReadingForItsOwnOutput() {
    session = new ServerSession(ServerConfig.DEFAULTS.withMaxOutboundBytes(100)
        .withTimeouts(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30)), clock);
    feed("1 1 stream-begin command-request new cbor:{b'name': b'x'}");
    session.response(1).writeObject(new CborValue.Bytes(new byte[200])).end();
    ByteBuffer[] lent = session.outbound();
    long owed = java.util.Arrays.stream(lent).mapToLong(ByteBuffer::remaining).sum();
    assertFalse(session.wantsInput());
    session.receive(ByteBuffer.wrap(new byte[] {0, 1})); // the first bytes of a frame, read before the pause
    assertEquals(List.of(), session.onTimeout(clock.advanceMillis(30_000)),
        "LIMIT-3 held the rest of the frame unread: not the client's delay");
    for (ByteBuffer b : lent) {
      b.position(b.limit());
    }
    clock.advanceMillis(10_000);
    session.written(owed);
    assertTrue(session.wantsInput());
    assertEquals(List.of(), session.onTimeout(clock.advanceMillis(29_999)), "a whole timeout from the resume");
    assertEquals(Requirement.LIMIT_FRAME_READ_TIMEOUT, assertInstanceOf(ServerEvent.ProtocolFailure.class,
        session.onTimeout(clock.advanceMillis(1)).get(0)).requirement());
  }

  @Test
  void theFrameReadTimerWaitsWhileAHostWithItsOwnByteCountIsNotReading() {
    session = new ServerSession(ServerConfig.DEFAULTS.withTimeouts(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30)), clock);
    session.receive(ByteBuffer.wrap(new byte[] {5, 0, 0, 1})); // a frame begun before the host paused
    session.hostPausedForOutput(true); // the host polled its frames out; their bytes are over its limit
    assertEquals(List.of(), session.onTimeout(clock.advanceMillis(30_000)),
        "LIMIT-3 held the rest of the frame unread: not the client's delay");
    clock.advanceMillis(10_000);
    session.hostPausedForOutput(false);
    assertEquals(List.of(), session.onTimeout(clock.advanceMillis(29_999)), "a whole timeout from the resume");
    assertEquals(Requirement.LIMIT_FRAME_READ_TIMEOUT, assertInstanceOf(ServerEvent.ProtocolFailure.class,
        session.onTimeout(clock.advanceMillis(1)).get(0)).requirement());
  }

  @Test
  void eachFrameGetsItsOwnFrameReadTimeoutWhenFeedsEndInsideFrames() {
    session = new ServerSession(ServerConfig.DEFAULTS.withTimeouts(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30)), clock);
    byte[] wire = concat(
        parse("1 1 stream-begin command-request new|have-data cbor:{b'name': b'put'}"),
        parse("1 1 0 command-data continuation 0123456789"),
        parse("1 1 0 command-data continuation 0123456789"),
        parse("1 1 0 command-data eos 0123456789"));
    // feeds 10 s apart end inside frames; each frame completes within 30 s of its first byte
    int step = 15;
    for (int at = 0; at < wire.length; at += step) {
      List<ServerEvent> events = session.onTimeout(clock.advanceMillis(10_000));
      assertEquals(List.of(), events.stream().filter(e -> e instanceof ServerEvent.ProtocolFailure).toList(),
          "a fast client is not timed out at byte " + at);
      session.receive(ByteBuffer.wrap(wire, at, Math.min(step, wire.length - at)));
    }
    assertFalse(session.isClosed());
  }

  @Test
  void frameReadTimerStopsWhenTheFrameCompletes() {
    session = new ServerSession(ServerConfig.DEFAULTS.withTimeouts(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30)), clock);
    byte[] frame = parse("1 1 stream-begin command-request new cbor:{b'name': b'x'}").toBytes();
    session.receive(ByteBuffer.wrap(frame, 0, 5));
    session.receive(ByteBuffer.wrap(frame, 5, frame.length - 5));
    assertEquals(Long.MAX_VALUE, session.nextDeadline());
  }

  @Test
  void backPressure() {
    session = new ServerSession(ServerConfig.DEFAULTS.withMaxOutboundBytes(100), clock);
    feed("1 1 stream-begin command-request new cbor:{b'name': b'x'}");
    assertTrue(session.wantsInput());
    session.response(1).writeObject(new CborValue.Bytes(new byte[200])).end();
    assertFalse(session.wantsInput(), "LIMIT-3: more than 100 bytes queued");
    session.pollOutbound();
    assertTrue(session.wantsInput());
  }

  @Test
  void bytesLentByOutboundCountUntilWritten() {
    session = new ServerSession(ServerConfig.DEFAULTS.withMaxOutboundBytes(100), clock);
    feed("1 1 stream-begin command-request new cbor:{b'name': b'x'}");
    session.response(1).writeObject(new CborValue.Bytes(new byte[200])).end();
    long owed = session.outboundBytes();
    ByteBuffer[] lent = session.outbound();
    assertFalse(session.wantsInput(), "LIMIT-3: bytes lent and not written still count");
    assertTrue(session.wantsWrite());
    lent[0].position(lent[0].position() + 5);             // a partial write of 5 bytes
    session.written(5);
    assertEquals(owed - 5, session.outboundBytes());
    ByteBuffer[] rest = session.outbound();
    assertEquals(owed - 5, java.util.Arrays.stream(rest).mapToLong(ByteBuffer::remaining).sum(),
        "the next outbound() lends exactly the unwritten rest");
    assertThrows(IllegalStateException.class, session::pollOutbound, "polling past lent bytes would reorder");
    for (ByteBuffer b : rest) {
      b.position(b.limit());
    }
    session.written(owed - 5);
    assertTrue(session.wantsInput());
    assertFalse(session.wantsWrite());
    assertEquals(0, session.outbound().length);
    assertThrows(IllegalArgumentException.class, () -> session.written(1), "nothing was lent");
  }

  // ---------------------------------------------------------------- bytes in

  @Test
  void bytesSplitAnywhereGiveTheSameEvents() {
    byte[] wire = concat(
        parse("1 1 stream-begin command-request new|have-data cbor:{b'name': b'put', b'args': {b'k': b'v'}}"),
        parse("1 1 0 command-data continuation 0123456789"),
        parse("3 1 0 command-request new cbor:{b'name': b'get'}"),
        parse("1 1 0 command-data eos abc"));
    ServerSession whole = new ServerSession(ServerConfig.DEFAULTS, clock);
    List<ServerEvent> expected = whole.receive(ByteBuffer.wrap(wire));
    assertEquals(2, expected.size());
    for (int split = 0; split <= wire.length; split++) {
      ServerSession s = new ServerSession(ServerConfig.DEFAULTS, clock);
      List<ServerEvent> events = new ArrayList<>(s.receive(ByteBuffer.wrap(wire, 0, split)));
      events.addAll(s.receive(ByteBuffer.wrap(wire, split, wire.length - split)));
      assertEquals(expected, events, "split at " + split);
    }
  }

  @Test
  void malformedBytesAreAProtocolFailure() {
    List<ServerEvent> events = session.receive(ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 0, 1, 1, 0x40}));
    ServerEvent.ProtocolFailure failure = assertInstanceOf(ServerEvent.ProtocolFailure.class, events.get(0));
    assertEquals(Requirement.FRAME_TYPE_KNOWN, failure.requirement());
  }

  static byte[] concat(Frame... frames) {
    int n = 0;
    for (Frame f : frames) {
      n += f.toBytes().length;
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    for (Frame f : frames) {
      b.put(f.toBytes());
    }
    return b.array();
  }

  // ---------------------------------------------------------------- end of input

  @Test
  void inputEndWithNothingInFlightFinishes() {
    feed("1 1 stream-begin command-request new cbor:{b'name': b'a'}");
    session.response(1).end();
    assertEquals(List.of(new ServerEvent.Closed(CloseReason.FINISHED)), session.receiveEnd());
  }

  @Test
  void inputEndWaitsForAnswers() {
    feed("1 1 stream-begin command-request new cbor:{b'name': b'a'}");
    assertEquals(List.of(), session.receiveEnd());
    assertEquals(ServerState.INPUT_ENDED, session.state());
    assertThrows(IllegalStateException.class, () -> session.receiveFrame(parse("3 1 0 command-request new ")));
    session.response(1).end();
    assertEquals(ServerState.CLOSED, session.state());
    assertEquals(List.of(new ServerEvent.Closed(CloseReason.FINISHED)), session.pollEvents());
    assertEquals(List.of(), session.close());
  }

  @Test
  void inputEndDropsRequestsNotYetDispatched() {
    feed("1 1 stream-begin command-request new cbor:{b'name': b'a'}",
        "3 1 0 command-request new|have-data cbor:{b'name': b'b'}",
        "5 1 0 command-request new|more \\xa1");
    assertEquals(3, session.requestCount());
    assertEquals(List.of(), session.receiveEnd(), "TRANS-6: 3 and 5 are dropped, 1 is still answered");
    assertEquals(1, session.requestCount());
    session.response(1).end();
    assertEquals(List.of(new ServerEvent.Closed(CloseReason.FINISHED)), session.pollEvents());
  }

  @Test
  void inputEndCutsOffStreamedData() {
    session = new ServerSession(ServerConfig.DEFAULTS.withDataMode(ServerConfig.DataMode.STREAM), clock);
    feed("1 1 stream-begin command-request new|have-data cbor:{b'name': b'a'}", "1 1 0 command-data continuation ab");
    assertEquals(List.of(new ServerEvent.DataTruncated(1)), session.receiveEnd());
    session.response(1).commandError("data cut off", List.of());
    assertEquals(List.of(new ServerEvent.Closed(CloseReason.FINISHED)), session.pollEvents());
  }

  /** A command error's message bytes go on the wire as given, not transcoded (CONF-1 fail). */
  @Test
  void commandErrorMessageBytesAreSentAsTheyAre() {
    feed("1 1 stream-begin command-request new cbor:{b'name': b'fail'}");
    session.response(1).commandError(new CborValue.Bytes(new byte[] {'x', (byte) 0xff}), List.of());
    assertEquals(List.of("1 2 stream-begin stream-settings eos cbor:b'identity'",
        "1 2 encoded command-response continuation \\xa2Eerror\\xa1GmessageBx\\xffFstatusEerror",
        "1 2 0 command-response eos "), sent());
  }

  @Test
  void inputEndInsideTheSettings() {
    feed("1 1 stream-begin sender-protocol-settings continuation \\xa1");
    assertEquals(Requirement.SET_FORMAT,
        assertInstanceOf(ServerEvent.ProtocolFailure.class, session.receiveEnd().get(0)).requirement());
  }

  @Test
  void inputEndInsideAFrame() {
    session.receive(ByteBuffer.wrap(new byte[] {5, 0, 0, 1}));
    assertEquals(Requirement.FRAME_TRUNCATED,
        assertInstanceOf(ServerEvent.ProtocolFailure.class, session.receiveEnd().get(0)).requirement());
  }

  @Test
  void localClose() {
    feed("1 1 stream-begin command-request new cbor:{b'name': b'a'}");
    ServerResponse r = session.response(1);
    assertEquals(List.of(new ServerEvent.Closed(CloseReason.LOCAL_CLOSE)), session.close());
    assertEquals(List.of(), session.close());
    r.writeObject(CborValue.of(1)).end();
    assertEquals(List.of(), session.pollFrames(), "writes after close are dropped");
  }

  // ---------------------------------------------------------------- timeouts

  @Test
  void requestTimeout() {
    session = new ServerSession(ServerConfig.DEFAULTS.withTimeouts(Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO), clock);
    assertEquals(Long.MAX_VALUE, session.nextDeadline());
    long start = clock.getAsLong();
    feed("3 1 stream-begin command-request new|more \\xa1");
    assertEquals(start + 10_000_000_000L, session.nextDeadline());
    assertEquals(List.of(), session.onTimeout(clock.advanceMillis(9_999)));
    assertEquals(List.of(new ServerEvent.Closed(CloseReason.REQUEST_TIMEOUT)),
        session.onTimeout(clock.advanceMillis(1)));
    assertEquals(List.of("3 2 stream-begin error-response 0 cbor:{b'message': [{b'msg': "
        + "b'request 3 was not received in full within 10000 ms'}], b'type': b'server'}"), sent());
    assertEquals(Long.MAX_VALUE, session.nextDeadline());
  }

  @Test
  void requestTimerStopsOnceTheRequestIsReceived() {
    session = new ServerSession(ServerConfig.DEFAULTS.withTimeouts(Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO), clock);
    feed("1 1 stream-begin command-request new|have-data cbor:{b'name': b'x'}");
    feed("1 1 0 command-data eos x");
    assertEquals(Long.MAX_VALUE, session.nextDeadline());
  }

  @Test
  void idleTimeoutCountsOnlyWithoutRequests() {
    session = new ServerSession(ServerConfig.DEFAULTS.withTimeouts(Duration.ZERO, Duration.ofSeconds(60), Duration.ZERO), clock);
    long start = clock.getAsLong();
    assertEquals(start + 60_000_000_000L, session.nextDeadline());
    clock.advanceMillis(30_000);
    feed("1 1 stream-begin command-request new cbor:{b'name': b'x'}");
    assertEquals(List.of(), session.onTimeout(clock.advanceMillis(30_000)), "a request is in flight");
    clock.advanceMillis(100_000);
    session.response(1).end();
    long answered = clock.getAsLong();
    assertEquals(List.of(), session.onTimeout(clock.advanceMillis(59_000)));
    assertTrue(session.nextDeadline() - answered <= 60_000_000_000L);
    assertEquals(List.of(new ServerEvent.Closed(CloseReason.IDLE_TIMEOUT)),
        session.onTimeout(answered + 60_000_000_000L));
  }

  /**
   * LIMIT-5 against LIMIT-7: a session whose input the server paused because the client does not
   * read its answers is not idle, though nothing arrives: the send timeout ends it, not the idle one.
   */
  @Test
  void idleTimeoutWaitsWhileTheServerHoldsItsInput() {
    session = new ServerSession(ServerConfig.DEFAULTS.withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO)
        .withMaxOutboundBytes(16).withSendTimeout(Duration.ofSeconds(2)), clock);
    feed("1 1 stream-begin command-request new cbor:{b'name': b'x'}");
    session.response(1).writeObject(org.framewire.cbor.CborValue.Bytes.of("more than sixteen bytes owed")).end();
    assertFalse(session.wantsInput(), "LIMIT-3: the output is over its limit");
    assertEquals(List.of(), session.onTimeout(clock.advanceMillis(1_500)), "not idle: the server is not reading");
    List<ServerEvent> events = session.onTimeout(clock.advanceMillis(1_000));
    assertTrue(events.stream().anyMatch(e -> e instanceof ServerEvent.ProtocolFailure), "LIMIT-7 ends it: " + events);
  }
}
