package org.framewire.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/**
 * LIMIT-3 and LIMIT-8 together (SPEC.md §10): a client pipelines {@code echodata} requests whose
 * command data is far larger than the connection's buffers, to a server whose answers are as
 * large. The server stops reading while it owes more than its outbound limit (LIMIT-3); a client
 * must go on reading the answers while its own requests wait to be written (LIMIT-8). A client
 * that stopped reading while it owed more than a limit of its own — LIMIT-3 as it once bound every
 * peer — deadlocks with that server, and the server's send timeout (LIMIT-7) then fails it though
 * it only pipelined. Both sides run the lending loop of their class comments over an in-memory
 * connection that holds {@link #WIRE} bytes each way, on a fake clock.
 */
class ClientReadsWhileWritingTest {

  private static final int REQUESTS = 8;
  private static final int DATA = 64 << 10;
  /** What each direction of the connection holds, the kernel buffers of a socket. */
  private static final int WIRE = 16 << 10;
  /** Both sides' outbound limit: far below the pipeline. */
  private static final long LIMIT = 32 << 10;

  private final FakeClock clock = new FakeClock();
  private final ClientSession client = new ClientSession(
      ClientConfig.DEFAULTS.withContentEncodings(List.of()).withMaxOutboundBytes(LIMIT), clock);
  private final ServerSession server = new ServerSession(
      ServerConfig.DEFAULTS.withMaxOutboundBytes(LIMIT).withSendTimeout(Duration.ofSeconds(1)), clock);
  private final Wire up = new Wire();
  private final Wire down = new Wire();
  private final List<ClientEvent> clientEvents = new ArrayList<>();
  private final List<byte[]> sent = new ArrayList<>();

  @Test
  void aClientThatReadsWhileItOwesCompletesAPipelineDeeperThanEveryBuffer() {
    List<Integer> ids = pipeline();
    assertTrue(client.outboundBytes() > REQUESTS * (long) DATA, "the whole pipeline is owed at first");
    assertTrue(client.wantsInput(), "LIMIT-8: input is wanted however much the client owes");
    runUntilQuiet(client::wantsInput);
    assertEquals(ids, completed(), "every request answered: " + clientEvents.size() + " events");
    for (ClientEvent e : clientEvents) {
      if (e instanceof ClientEvent.ResponseObject o) {
        assertArrayEquals(sent.get(ids.indexOf(o.requestId())), ((CborValue.Bytes) o.value()).value());
      }
    }
    assertEquals(0, client.outboundBytes());
    assertFalse(client.isClosed() || server.isClosed());
  }

  @Test
  void aClientThatStopsReadingWhileItOwesDeadlocksAndTheSendTimeoutFailsIt() {
    pipeline();
    runUntilQuiet(() -> client.outboundBytes() <= LIMIT); // the rule LIMIT-3 once set for clients
    assertTrue(client.outboundBytes() > LIMIT, "the client still owes its pipeline: " + client.outboundBytes());
    assertFalse(server.wantsInput(), "the server stopped reading: its answers are not taken (LIMIT-3)");
    assertTrue(completed().size() < REQUESTS, "stuck with " + completed().size() + " answered");

    clock.advanceMillis(1000);
    List<ServerEvent> events = server.onTimeout(clock.getAsLong());
    ServerEvent.ProtocolFailure failure = assertInstanceOf(ServerEvent.ProtocolFailure.class, events.get(0),
        events::toString);
    assertEquals(Requirement.LIMIT_SEND_TIMEOUT, failure.requirement(), "an honest pipelining client failed");
    assertTrue(server.isClosed());
  }

  /** Sends {@link #REQUESTS} {@code echodata} requests with random data, at once; returns their ids. */
  private List<Integer> pipeline() {
    Random random = new Random(8);
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      byte[] data = new byte[DATA];
      random.nextBytes(data);
      sent.add(data);
      ids.add(client.sendCommand(CommandRequest.of("echodata"), ByteBuffer.wrap(data)));
    }
    return ids;
  }

  /** Runs both hosts' passes until no byte moves; the client reads while {@code clientReads}. */
  private void runUntilQuiet(BooleanSupplier clientReads) {
    for (int round = 0; round < 100_000; round++) {
      long moved = up.write(client.outbound(), client::written);
      if (server.wantsInput() && up.holds()) {
        ByteBuffer in = up.read();
        moved += in.remaining();
        answer(server.receive(in));
      }
      answer(server.pollEvents());
      moved += down.write(server.outbound(), server::written);
      if (clientReads.getAsBoolean() && down.holds()) {
        ByteBuffer in = down.read();
        moved += in.remaining();
        clientEvents.addAll(client.receive(in));
      }
      if (moved == 0) {
        server.wantsInput(); // a host asks after every pass, which arms the send timeout (LIMIT-7)
        return;
      }
    }
    throw new AssertionError("the hosts never went quiet");
  }

  /** {@code echodata}: the command data back as one byte string. */
  private void answer(List<ServerEvent> events) {
    for (ServerEvent e : events) {
      if (e instanceof ServerEvent.RunCommand run) {
        server.response(run.requestId()).writeObject(new CborValue.Bytes(run.dataBytes())).end();
      }
    }
  }

  private List<Integer> completed() {
    List<Integer> ids = new ArrayList<>();
    for (ClientEvent e : clientEvents) {
      if (e instanceof ClientEvent.ResponseComplete done) {
        ids.add(done.requestId());
      }
    }
    return ids;
  }

  /** One direction of the connection: bytes written and not yet read, at most {@link #WIRE}. */
  private static final class Wire {
    private final ByteBuffer bytes = ByteBuffer.allocate(WIRE);

    boolean holds() {
      return bytes.position() > 0;
    }

    /** Takes what fits of {@code lent}, as a non-blocking channel's write does, and reports it. */
    long write(ByteBuffer[] lent, java.util.function.LongConsumer written) {
      long n = 0;
      for (ByteBuffer b : lent) {
        int k = Math.min(b.remaining(), bytes.remaining());
        ByteBuffer part = b.duplicate();
        part.limit(part.position() + k);
        bytes.put(part);
        b.position(b.position() + k);
        n += k;
      }
      written.accept(n);
      return n;
    }

    /** Everything written so far, as a fresh buffer; the wire is empty after. */
    ByteBuffer read() {
      bytes.flip();
      ByteBuffer out = ByteBuffer.allocate(bytes.remaining());
      out.put(bytes).flip();
      bytes.clear();
      return out;
    }
  }
}
