package org.framewire.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.junit.jupiter.api.Test;

/** The futures layer over a client session, wired to a server session in memory. */
class ClientCallsTest {

  private final FakeClock clock = new FakeClock();
  private final List<ClientEvent> seen = new ArrayList<>();
  private ClientCalls calls;
  private ServerSession server;
  /** Requests the handler leaves unanswered, to answer later. */
  private final List<Integer> held = new ArrayList<>();

  private void connect(ClientConfig config) {
    calls = new ClientCalls(new ClientSession(config, clock), seen::add);
    server = new ServerSession(ServerConfig.DEFAULTS, clock);
  }

  ClientCallsTest() {
    connect(ClientConfig.DEFAULTS);
  }

  private void handle(ServerEvent e) {
    if (!(e instanceof ServerEvent.RunCommand run)) {
      return;
    }
    ServerResponse r = server.response(run.requestId());
    switch (run.command()) {
      case "echo" -> r.writeObject(run.args()).end();
      case "fail" -> r.commandError("no such %s", List.of(CborValue.bytes("thing")));
      case "crash" -> r.serverError("crashed");
      case "talk" -> r.textOutput(List.of(TextAtom.of("hello\n"))).writeObject(CborValue.of(1)).end();
      case "bytes" -> r.beginBytes().writeBytesChunk(ByteBuffer.wrap("ab".getBytes()))
          .writeBytesChunk(ByteBuffer.wrap("c".getBytes())).endBytes().end();
      default -> held.add(run.requestId());
    }
  }

  private void pump() {
    for (int i = 0; i < 100; i++) {
      ByteBuffer[] up = calls.session().pollOutbound();
      for (ByteBuffer b : up) {
        server.receive(b).forEach(this::handle);
      }
      ByteBuffer[] down = server.pollOutbound();
      for (ByteBuffer b : down) {
        calls.receive(b);
      }
      if (up.length == 0 && down.length == 0) {
        return;
      }
    }
    throw new AssertionError("never quiet");
  }

  private static CallException failure(CompletableFuture<?> f) {
    ExecutionException e = assertThrows(ExecutionException.class, f::get);
    return assertInstanceOf(CallException.class, e.getCause());
  }

  @Test
  void aCallCompletesWhenItsResponseIsFed() throws Exception {
    CborValue.MapValue args = CborValue.MapValue.of(CborValue.bytes("k"), CborValue.bytes("v"));
    CompletableFuture<Response> f = calls.call("echo", args);
    assertFalse(f.isDone(), "nothing was fed yet");
    assertEquals(1, calls.pending());
    pump();
    Response r = f.get();
    assertEquals(1, r.requestId());
    assertEquals(args, r.single());
    assertNull(r.redirect());
    assertEquals(0, calls.pending());
  }

  @Test
  void commandErrors() {
    CompletableFuture<Response> f = calls.call(CommandRequest.of("fail"));
    pump();
    CallException e = failure(f);
    assertEquals(CallException.Kind.COMMAND_ERROR, e.kind());
    assertEquals("no such thing", e.getMessage());
    assertEquals(List.of(CborValue.bytes("thing")), e.args());
  }

  @Test
  void serverErrors() {
    CompletableFuture<Response> f = calls.call(CommandRequest.of("crash"));
    pump();
    CallException e = failure(f);
    assertEquals(CallException.Kind.ERROR_RESPONSE, e.kind());
    assertEquals("server", e.errorType());
  }

  @Test
  void aProtocolErrorThatClosesTheSessionSaysWhyInTheCallsFailure() {
    CompletableFuture<Response> f = calls.call(CommandRequest.of("hold"));
    pump();
    // the client's own frames are fine; a progress frame from a client breaks FRAME-9
    server.receive(ByteBuffer.wrap(org.framewire.frames.FrameNotation.parse("3 1 0 progress 0 cbor:{}").toBytes()));
    pump();
    CallException e = failure(f);
    assertEquals(CallException.Kind.SESSION_CLOSED, e.kind());
    assertEquals("FRAME-9", e.requirement());
    assertEquals("protocol", e.errorType());
    assertEquals("protocol", e.errorResponse().type());
    assertTrue(e.getMessage().contains("protocol error (FRAME-9)") && e.getMessage().contains(e.errorResponse().formatted()),
        e.getMessage());
  }

  @Test
  void textOutputIsCollectedAndSeenByTheListener() throws Exception {
    CompletableFuture<Response> f = calls.call(CommandRequest.of("talk"));
    pump();
    assertEquals(List.of(TextAtom.of("hello\n")), f.get().textOutput());
    assertTrue(seen.contains(new ClientEvent.TextOutput(1, List.of(TextAtom.of("hello\n")))));
  }

  @Test
  void streamedByteStringsBecomeOneIndefiniteValue() throws Exception {
    connect(ClientConfig.DEFAULTS.withByteStrings(ClientConfig.ByteStringMode.STREAM));
    CompletableFuture<Response> f = calls.call(CommandRequest.of("bytes"));
    pump();
    assertEquals(new CborValue.IndefiniteBytes(List.of("ab".getBytes(), "c".getBytes())), f.get().single());
  }

  @Test
  void aStageMaySendTheNextCall() throws Exception {
    CompletableFuture<Response> second = calls.call(CommandRequest.of("echo"))
        .thenCompose(r -> calls.call(CommandRequest.of("echo")));
    pump();
    assertEquals(3, second.get().requestId(), "sent from the stage, answered by the next pump");
  }

  @Test
  void timeouts() {
    connect(ClientConfig.DEFAULTS.withTimeouts(Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO));
    CompletableFuture<Response> f = calls.call(CommandRequest.of("hold"));
    pump();
    calls.onTimeout(clock.advanceMillis(1000));
    assertEquals(CallException.Kind.TIMED_OUT, failure(f).kind());
    server.response(held.get(0)).end();
    pump();
    assertEquals(0, calls.session().requestCount(), "the late response freed the id");
  }

  @Test
  void closingFailsWhatIsPending() {
    CompletableFuture<Response> f = calls.call(CommandRequest.of("hold"));
    pump();
    calls.close();
    CallException e = failure(f);
    assertEquals(CallException.Kind.SESSION_CLOSED, e.kind());
    assertEquals(CloseReason.LOCAL_CLOSE, e.closeReason());
  }

  @Test
  void theServerEndingItsOutputFailsWhatIsPending() {
    CompletableFuture<Response> f = calls.call(CommandRequest.of("hold"));
    pump();
    calls.receiveEnd();
    assertEquals(CloseReason.PEER_CLOSED, failure(f).closeReason());
  }

  @Test
  void abandonCancelsAndDropsTheResponse() {
    CompletableFuture<Response> f = calls.call(CommandRequest.of("hold"));
    pump();
    calls.abandon(1);
    assertTrue(f.isCancelled());
    server.response(held.get(0)).writeObject(CborValue.of(1)).end();
    pump();
    assertTrue(seen.stream().noneMatch(e -> e.requestId() == 1), "nothing is reported for it");
    assertEquals(0, calls.session().requestCount());
  }
}
