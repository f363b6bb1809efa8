package org.framewire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.session.CallException;
import org.framewire.session.ClientConfig;
import org.framewire.session.CloseReason;
import org.framewire.session.Response;
import org.framewire.session.ServerConfig;
import org.framewire.session.ServerEvent;
import org.framewire.session.ServerResponse;
import org.framewire.session.ServerSession;
import org.junit.jupiter.api.Test;

/**
 * The blocking client over two in-memory channels whose other end is a server session driven on
 * the same thread: a write hands the bytes to the server, a read takes what the server queued.
 */
class BlockingClientTest {

  private final ServerSession server = new ServerSession(ServerConfig.DEFAULTS, () -> START);
  /** The server's clock stands still, at a reading near the end of the long range on purpose. */
  private static final long START = Long.MAX_VALUE - 1_000_000_000_000L;
  private final ArrayDeque<ByteBuffer> toClient = new ArrayDeque<>();
  private boolean serverGone;

  private void handle(ServerEvent e) {
    if (e instanceof ServerEvent.RunCommand run) {
      ServerResponse r = server.response(run.requestId());
      switch (run.command()) {
        case "echodata" -> r.writeObject(new CborValue.Bytes(run.dataBytes())).end();
        case "fail" -> r.commandError("failed", List.of());
        default -> serverGone = true;
      }
    }
  }

  private final WritableByteChannel out = new WritableByteChannel() {
    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
      ByteBuffer copy = ByteBuffer.allocate(n).put(src).flip();
      server.receive(copy).forEach(BlockingClientTest.this::handle);
      toClient.addAll(List.of(server.pollOutbound()));
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  };

  private final ReadableByteChannel in = new ReadableByteChannel() {
    @Override
    public int read(ByteBuffer dst) {
      while (!toClient.isEmpty() && !toClient.peek().hasRemaining()) {
        toClient.poll();
      }
      if (toClient.isEmpty()) {
        return serverGone ? -1 : 0;
      }
      ByteBuffer b = toClient.peek();
      int n = Math.min(dst.remaining(), b.remaining());
      ByteBuffer slice = b.slice();
      slice.limit(n);
      dst.put(slice);
      b.position(b.position() + n);
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  };

  @Test
  void callWaitsForTheResponse() throws Exception {
    BlockingClient client = new BlockingClient(ClientConfig.DEFAULTS, in, out);
    byte[] data = new byte[100_000];
    new java.util.Random(3).nextBytes(data);
    Response r = client.call(CommandRequest.of("echodata"), ByteBuffer.wrap(data));
    assertEquals(new CborValue.Bytes(data), r.single());
  }

  @Test
  void callFailures() throws Exception {
    BlockingClient client = new BlockingClient(ClientConfig.DEFAULTS, in, out);
    CallException e = assertThrows(CallException.class, () -> client.call(CommandRequest.of("fail")));
    assertEquals(CallException.Kind.COMMAND_ERROR, e.kind());
    e = assertThrows(CallException.class, () -> client.call(CommandRequest.of("vanish")));
    assertEquals(CallException.Kind.SESSION_CLOSED, e.kind());
    assertEquals(CloseReason.PEER_CLOSED, e.closeReason());
  }
}
