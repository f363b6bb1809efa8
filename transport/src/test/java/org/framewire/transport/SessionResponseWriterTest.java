package org.framewire.transport;

import static org.framewire.transport.Fixture.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.ClientSession;
import org.framewire.session.ProgressUpdate;
import org.framewire.session.ServerConfig;
import org.framewire.session.ServerEvent;
import org.framewire.session.ServerSession;
import org.framewire.session.TextAtom;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler-side writer over a real session pair, with a host that runs every task at once: what
 * the client decodes, misuse caught on the caller's thread, and the budget settled.
 */
class SessionResponseWriterTest {
  private final ClientSession client = new ClientSession(ClientConfig.DEFAULTS.withContentEncodings(List.of()));
  private final ServerSession server = new ServerSession(ServerConfig.DEFAULTS);
  private final OutboundBudget budget = new OutboundBudget(1 << 20);
  private final List<SessionResponseWriter> ended = new ArrayList<>();
  private SessionResponseWriter writer;

  /** Runs tasks at once and counts the session's output as queued, as the transports do. */
  private final SessionHost host = new SessionHost() {
    @Override
    public void execute(Consumer<ServerSession> task, long handedOver) {
      task.accept(server);
      budget.release(handedOver);
    }

    @Override
    public OutboundBudget budget() {
      return budget;
    }

    @Override
    public int maxFrameSize() {
      return 200;
    }

    @Override
    public void violation(Requirement requirement, String detail) {
      throw new AssertionError();
    }
  };

  @BeforeEach
  void dispatch() {
    client.sendCommand(CommandRequest.of("c", args("a", "b")));
    List<ServerEvent> events = new ArrayList<>();
    for (Frame f : client.pollFrames()) {
      events.addAll(server.receiveFrame(f));
    }
    ServerEvent.RunCommand run = (ServerEvent.RunCommand) events.get(0);
    writer = new SessionResponseWriter(host, server.response(run.requestId()), ended::add);
  }

  private List<ClientEvent> clientEvents() {
    List<ClientEvent> out = new ArrayList<>();
    for (Frame f : server.pollFrames()) {
      out.addAll(client.receiveFrame(f));
    }
    return out;
  }

  @Test
  void valuesByteStringsAndTheEndReachTheClient() throws Exception {
    writer.writeObject(new CborValue.Int(5));
    writer.writeByteString(ByteBuffer.wrap(new byte[] {1, 2}));
    writer.beginBytes();
    writer.writeBytesChunk(ByteBuffer.wrap(new byte[] {3}));
    writer.writeBytesChunk(ByteBuffer.wrap(new byte[] {4, 5}));
    writer.endBytes();
    writer.textOutput(List.of(TextAtom.of("note")));
    writer.progress(ProgressUpdate.of("files", 1));
    assertTrue(writer.hasOutput());
    writer.end();
    assertFalse(writer.isOpen());
    List<ClientEvent> events = clientEvents();
    List<CborValue> values = new ArrayList<>();
    for (ClientEvent e : events) {
      if (e instanceof ClientEvent.ResponseObject o) {
        values.add(o.value());
      }
    }
    assertEquals(List.of(new CborValue.Int(5), new CborValue.Bytes(new byte[] {1, 2}),
        new CborValue.IndefiniteBytes(List.of(new byte[] {3}, new byte[] {4, 5}))), values);
    assertTrue(events.stream().anyMatch(e -> e instanceof ClientEvent.TextOutput));
    assertTrue(events.stream().anyMatch(e -> e instanceof ClientEvent.Progress));
    assertTrue(events.get(events.size() - 1) instanceof ClientEvent.ResponseComplete);
    assertEquals(List.of(writer), ended);
    assertEquals(0, budget.bytes(), "every handed-over byte released");
  }

  @Test
  void misuseThrowsOnTheCallersThread() throws Exception {
    assertThrows(IllegalStateException.class, () -> writer.writeBytesChunk(ByteBuffer.allocate(1)));
    assertThrows(IllegalStateException.class, writer::endBytes);
    assertThrows(IllegalStateException.class, () -> writer.redirect(CborValue.MapValue.of(
        CborValue.Bytes.of("url"), CborValue.Bytes.of("u"), CborValue.Bytes.of("mediatype"), CborValue.Bytes.of("m"))));
    assertThrows(IllegalArgumentException.class, () -> writer.textOutput(List.of(TextAtom.of("x".repeat(300)))));
    writer.writeObject(new CborValue.Int(1));
    assertThrows(IllegalStateException.class, () -> writer.commandError("late", List.of()));
    writer.beginBytes();
    assertThrows(IllegalStateException.class, () -> writer.writeObject(new CborValue.Int(2)));
    assertThrows(IllegalStateException.class, writer::end);
    writer.endBytes();
    writer.end();
    assertThrows(IllegalStateException.class, () -> writer.writeObject(new CborValue.Int(3)));
    assertThrows(IllegalStateException.class, () -> writer.serverError("late"));
  }

  @Test
  void commandErrorIsAStatusMapAlone() {
    writer.commandError("bad %s", List.of(CborValue.Bytes.of("x")));
    List<ClientEvent> events = clientEvents();
    assertEquals(List.of(new ClientEvent.CommandError(1, "bad %s", List.of(CborValue.Bytes.of("x")))), events);
  }

  @Test
  void afterTheSessionClosedWritesAreDropped() throws Exception {
    writer.markClosed();
    writer.writeObject(new CborValue.Int(1));
    writer.end();
    writer.serverError("x");
    assertFalse(writer.isOpen());
    assertEquals(List.of(), server.pollFrames());
    assertEquals(0, budget.bytes());
  }

  @Test
  void abortEndsAnOpenResponseWithAServerErrorAndSkipsWhatFollows() throws Exception {
    writer.writeObject(new CborValue.Int(1));
    writer.abort("shutting down");
    writer.writeObject(new CborValue.Int(2)); // dropped: the writer is closed
    List<ClientEvent> events = clientEvents();
    ClientEvent last = events.get(events.size() - 1);
    assertTrue(last instanceof ClientEvent.ErrorResponse e && e.type().equals("server"), events.toString());
    assertEquals(List.of(writer), ended);
  }
}
