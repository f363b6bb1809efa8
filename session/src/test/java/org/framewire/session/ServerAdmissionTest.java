package org.framewire.session;

import static org.framewire.frames.FrameNotation.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.framewire.frames.Frame;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/**
 * Admission by back-pressure (SPEC.md §6.5 CMD-11, §10): a pipeline of any depth is answered in
 * full, the session pausing its input at {@link ServerConfig#maxConcurrentRequests()} requests
 * received and not answered; only requests still being received are bounded by a violation.
 */
class ServerAdmissionTest {

  private final FakeClock clock = new FakeClock();
  private ServerSession session = new ServerSession(ServerConfig.DEFAULTS.withMaxConcurrentRequests(2), clock);

  /** {@code n} one-frame requests named {@code c<id>} as one byte string, the first beginning the stream. */
  private static byte[] pipeline(int n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      int id = 2 * i + 1;
      out.writeBytes(parse(id + " 1 " + (i == 0 ? "stream-begin" : "0")
          + " command-request new cbor:{b'name': b'c" + id + "'}").toBytes());
    }
    return out.toByteArray();
  }

  private static List<Integer> dispatched(List<ServerEvent> events) {
    List<Integer> ids = new ArrayList<>();
    for (ServerEvent e : events) {
      ids.add(assertInstanceOf(ServerEvent.RunCommand.class, e, events::toString).requestId());
    }
    return ids;
  }

  @Test
  void aDeepPipelineInOneReadIsAnsweredInFullAtTheDispatchedBound() {
    byte[] bytes = pipeline(1000);
    ByteBuffer read = ByteBuffer.wrap(bytes);
    List<Integer> pending = new ArrayList<>(dispatched(session.receive(read)));
    assertEquals(List.of(1, 3), pending, "two dispatched, then the input pauses");
    assertFalse(read.hasRemaining(), "the caller's buffer is consumed: the rest is held");
    Arrays.fill(bytes, (byte) 0xFF); // the caller reuses its buffer: the held bytes are a copy
    assertFalse(session.wantsInput(), "CMD-11: paused, not failed");
    List<Integer> answered = new ArrayList<>();
    while (!pending.isEmpty()) {
      assertTrue(session.requestCount() <= 2, "never more than the bound received and unanswered");
      int id = pending.remove(0);
      session.response(id).writeObject(org.framewire.cbor.CborValue.Bytes.of("r" + id)).end();
      answered.add(id);
      pending.addAll(dispatched(session.pollEvents()));
    }
    assertEquals(1000, answered.size());
    for (int i = 0; i < 1000; i++) {
      assertEquals(2 * i + 1, answered.get(i), "in order");
    }
    assertTrue(session.wantsInput(), "every held byte taken: reading resumes");
    assertFalse(session.isClosed());
  }

  @Test
  void framesFedDirectlyAreHeldToo() {
    List<ServerEvent> first = new ArrayList<>();
    for (int id : new int[] {1, 3, 5, 7}) {
      first.addAll(session.receiveFrame(parse(id + " 1 " + (id == 1 ? "stream-begin" : "0")
          + " command-request new cbor:{b'name': b'x'}")));
    }
    assertEquals(List.of(1, 3), dispatched(first));
    session.response(3).end();
    assertEquals(List.of(5), dispatched(session.pollEvents()));
    session.response(1).end();
    session.response(5).end();
    assertEquals(List.of(7), dispatched(session.pollEvents()));
    assertTrue(session.wantsInput());
  }

  @Test
  void theEndOfInputWaitsForTheHeldRequests() {
    assertEquals(List.of(1, 3), dispatched(session.receive(ByteBuffer.wrap(pipeline(4)))));
    assertEquals(List.of(), session.receiveEnd(), "TRANS-6 waits: requests 5 and 7 were sent before the end");
    session.response(1).end();
    session.response(3).end();
    assertEquals(List.of(5, 7), dispatched(session.pollEvents()));
    assertEquals(ServerState.INPUT_ENDED, session.state());
    session.response(5).end();
    session.response(7).end();
    assertEquals(List.of(new ServerEvent.Closed(CloseReason.FINISHED)), session.pollEvents());
  }

  @Test
  void noTimerRunsAgainstTheClientWhileItsInputIsHeld() {
    // Request 1 is received; request 3 starts and its second frame waits behind the pause.
    byte[] bytes = join(parse("1 1 stream-begin command-request new cbor:{b'name': b'a'}"),
        parse("3 1 0 command-request new|more \\xa1\\x44name"),
        parse("3 1 0 command-request continuation \\x41b"));
    session = new ServerSession(ServerConfig.DEFAULTS.withMaxConcurrentRequests(1)
        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(300), Duration.ofSeconds(30)), clock);
    assertEquals(List.of(1), dispatched(session.receive(ByteBuffer.wrap(bytes))));
    assertEquals(List.of(), session.onTimeout(clock.advanceMillis(5_000)), "request 3 is not timed while held");
    session.response(1).end();
    assertEquals(List.of(3), dispatched(session.pollEvents()));
  }

  @Test
  void streamedRequestsStillReceivingDoNotCountSoTheirDataIsNeverStuck() {
    session = new ServerSession(ServerConfig.DEFAULTS.withMaxConcurrentRequests(1)
        .withDataMode(ServerConfig.DataMode.STREAM), clock);
    byte[] bytes = join(parse("1 1 stream-begin command-request new|have-data cbor:{b'name': b'up'}"),
        parse("3 1 0 command-request new|have-data cbor:{b'name': b'up'}"),
        parse("1 1 0 command-data eos abc"),
        parse("3 1 0 command-data eos def"));
    List<ServerEvent> events = session.receive(ByteBuffer.wrap(bytes));
    assertEquals(3, events.size(), () -> "both dispatched while receiving, then request 1's data: " + events);
    assertInstanceOf(ServerEvent.CommandData.class, events.get(2));
    assertFalse(session.wantsInput(), "request 1 received, unanswered: at the bound");
    session.response(1).end();
    List<ServerEvent> rest = session.pollEvents();
    assertEquals(1, rest.size());
    assertEquals(3, assertInstanceOf(ServerEvent.CommandData.class, rest.get(0)).requestId());
  }

  @Test
  void requestsStillBeingReceivedAreBoundedByAViolation() {
    session = new ServerSession(ServerConfig.DEFAULTS.withMaxPartialRequests(2), clock);
    List<ServerEvent> events = new ArrayList<>();
    for (String line : List.of("1 1 stream-begin command-request new|more \\xa1",
        "3 1 0 command-request new|more \\xa1", "5 1 0 command-request new|more \\xa1")) {
      events.addAll(session.receiveFrame(parse(line)));
    }
    ServerEvent.ProtocolFailure f = assertInstanceOf(ServerEvent.ProtocolFailure.class, events.get(0));
    assertEquals(Requirement.CMD_CONCURRENCY_LIMIT, f.requirement());
  }

  private static byte[] join(Frame... frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Frame f : frames) {
      out.writeBytes(f.toBytes());
    }
    return out.toByteArray();
  }
}
