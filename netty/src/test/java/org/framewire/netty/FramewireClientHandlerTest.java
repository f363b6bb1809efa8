package org.framewire.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.FrameNotation;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The client handler on an {@link EmbeddedChannel}: the server's frames in notation. */
class FramewireClientHandlerTest {
  static {
    LeakWatch.install();
  }

  private final List<ClientEvent> events = new CopyOnWriteArrayList<>();
  private final FramewireClientHandler handler =
      new FramewireClientHandler(ClientConfig.DEFAULTS.withContentEncodings(List.of()), events::add);
  private final EmbeddedChannel ch = new EmbeddedChannel(handler);

  @AfterAll
  static void noLeaks() throws Exception {
    LeakWatch.assertNoLeaks();
  }

  private CompletableFuture<Response> callEcho() {
    CompletableFuture<Response> f = handler.call(CommandRequest.of("echo", new CborValue.MapValue(List.of())), null);
    ch.runPendingTasks();
    for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
      b.release(); // the request; its bytes are the session's business, tested in streams
    }
    return f;
  }

  private void serverSends(String line) {
    ch.writeInbound(Unpooled.wrappedBuffer(FrameNotation.parse(line).toBytes()));
    ch.runPendingTasks();
  }

  @Test
  void aResponseCompletesTheCallAndTheChannelStaysOpen() throws Exception {
    CompletableFuture<Response> f = callEcho();
    serverSends("1 2 stream-begin command-response eos cbor:{b'status': b'ok'}");
    assertTrue(f.isDone() && !f.isCompletedExceptionally());
    assertTrue(ch.isOpen());
    ch.close();
  }

  @Test
  void aProtocolViolationFailsTheCallTellsTheListenerAndClosesTheChannel() {
    CompletableFuture<Response> f = callEcho();
    serverSends("1 0 stream-begin command-response eos cbor:{b'status': b'ok'}"); // stream id 0: STREAM-1
    assertTrue(f.isCompletedExceptionally());
    assertEquals(1, events.stream().filter(e -> e instanceof ClientEvent.ProtocolFailure).count(), events.toString());
    assertFalse(ch.isOpen(), "ERR-2: the client closes the connection after a protocol error");
  }
}
