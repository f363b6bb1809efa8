package org.framewire.session;

import static org.framewire.frames.FrameNotation.format;
import static org.framewire.frames.FrameNotation.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/**
 * The send timeout (SPEC.md §10, LIMIT-7): a client that writes and never reads, once the server
 * has paused its input and cannot write what it owes, is cut off after a bound, with an error that
 * names the requirement; a client that reads, however slowly, and a handler that is slow to answer
 * are never cut off by it. The host here is the lending loop of {@link ServerSession}'s class
 * comment: {@link ServerSession#outbound()}, then {@link ServerSession#written(long)} with what the
 * channel took.
 */
class ServerSendTimeoutTest {

  private static final int OWED = 48 << 10;

  private final FakeClock clock = new FakeClock();
  private final ServerSession session = new ServerSession(ServerConfig.DEFAULTS
      .withMaxOutboundBytes(32 << 10).withSendTimeout(Duration.ofSeconds(1)), clock);

  /** One request answered with more than the outbound bound: the session stops reading (LIMIT-3). */
  private void answerOverTheOutboundBound() {
    List<ServerEvent> events = session.receive(ByteBuffer.wrap(
        parse("1 1 stream-begin command-request new cbor:{b'name': b'big'}").toBytes()));
    assertInstanceOf(ServerEvent.RunCommand.class, events.get(0), events::toString);
    session.response(1).writeObject(new CborValue.Bytes(new byte[OWED])).end();
    assertFalse(session.wantsInput(), "LIMIT-3: paused while the answer is owed");
  }

  /** A host pass in which the channel takes {@code n} bytes of what the session lends. */
  private void hostWrites(int n) {
    ByteBuffer[] lent = session.outbound();
    int left = n;
    for (ByteBuffer b : lent) {
      int k = Math.min(left, b.remaining());
      b.position(b.position() + k);
      left -= k;
    }
    session.written(n);
    session.wantsInput();
  }

  private List<ServerEvent> timersAt(long millis) {
    clock.advanceMillis(millis);
    return session.onTimeout(clock.getAsLong());
  }

  @Test
  void aClientThatNeverReadsIsCutOffAfterTheSendTimeoutNamingLimit7() {
    answerOverTheOutboundBound();
    hostWrites(0);
    assertEquals(List.of(), timersAt(999), "within the bound nothing happens");
    assertFalse(session.isClosed());
    List<ServerEvent> events = timersAt(1);
    ServerEvent.ProtocolFailure failure = assertInstanceOf(ServerEvent.ProtocolFailure.class, events.get(0), events::toString);
    assertEquals(Requirement.LIMIT_SEND_TIMEOUT, failure.requirement());
    assertTrue(failure.message().contains("does not read"), failure.message());
    assertEquals(0, failure.errorFrame().requestId(), "the error frame is queued for the client (ERR-2)");
    assertTrue(format(failure.errorFrame()).contains("LIMIT-7"), format(failure.errorFrame()));
    assertEquals(new ServerEvent.Closed(CloseReason.PROTOCOL_ERROR), events.get(1));
    assertTrue(session.isClosed(), "the host closes the connection");
  }

  @Test
  void everyByteWrittenStartsTheSendTimeoutOver() {
    answerOverTheOutboundBound();
    hostWrites(0);
    assertEquals(List.of(), timersAt(900));
    hostWrites(1); // a slow reader took one byte
    assertEquals(List.of(), timersAt(900), "the timeout counts from the last byte written");
    assertFalse(session.isClosed());
    List<ServerEvent> events = timersAt(100);
    assertEquals(Requirement.LIMIT_SEND_TIMEOUT,
        assertInstanceOf(ServerEvent.ProtocolFailure.class, events.get(0), events::toString).requirement());
  }

  @Test
  void noSendTimeoutWhileTheHostWritesEverythingOwed() {
    answerOverTheOutboundBound();
    hostWrites(Math.toIntExact(session.outboundBytes()));
    assertTrue(session.wantsInput(), "nothing owed: reading resumes");
    assertEquals(List.of(), timersAt(60_000));
    assertFalse(session.isClosed());
  }

  @Test
  void aSlowHandlerAtTheDispatchedBoundIsNeverTheClientsFault() {
    ServerSession paused = new ServerSession(ServerConfig.DEFAULTS.withMaxConcurrentRequests(1)
        .withSendTimeout(Duration.ofSeconds(1)), clock);
    paused.receive(ByteBuffer.wrap(parse("1 1 stream-begin command-request new cbor:{b'name': b'slow'}").toBytes()));
    paused.receive(ByteBuffer.wrap(parse("3 1 0 command-request new cbor:{b'name': b'next'}").toBytes()));
    assertFalse(paused.wantsInput(), "CMD-11: input held at the dispatched bound");
    clock.advanceMillis(120_000); // the handler computes for two minutes, owing nothing yet
    assertEquals(List.of(), paused.onTimeout(clock.getAsLong()));
    assertFalse(paused.isClosed(), "no output owed: the wait is the server's, not the client's");
  }
}
