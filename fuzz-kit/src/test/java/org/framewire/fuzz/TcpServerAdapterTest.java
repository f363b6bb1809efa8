package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterExample;
import org.framewire.spec.Requirement;

/**
 * {@link TcpServerAdapter} against servers in process on loopback: one like {@code framewire serve}
 * (the reference session behind a socket), one that resets the connection, and one that closes
 * before the client has written.
 */
class TcpServerAdapterTest {

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterExample
  void closeServers() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  @Example
  void agreesWithTheReferenceInProcessOnValidAndViolatingConversations() throws IOException {
    ServerAdapter tcp = new TcpServerAdapter("127.0.0.1", serve(TcpServerAdapterTest::referenceSession), 30);
    ProtocolLimits limits = ConversationProperties.LIMITS;
    for (int seed = 1; seed <= 5; seed++) {
      Conversation valid = ConversationArbitraries.valid(limits, RandomSource.seeded(seed));
      Oracle.Comparison cmp = Oracle.compare(ConversationProperties.REFERENCE, tcp, valid, List.of(5, 17));
      assertTrue(cmp.agree(), cmp::toString);
      assertEquals(cmp.reference().answeredRequests(), cmp.candidate().answeredRequests(), cmp::toString);
      Conversation even = ConversationArbitraries.violating(ViolationKind.EVEN_REQUEST_ID, limits, RandomSource.seeded(seed));
      cmp = Oracle.compare(ConversationProperties.REFERENCE, tcp, even);
      assertTrue(cmp.agree(), cmp::toString);
      assertEquals(Requirement.FRAME_REQUEST_ID_PARITY, cmp.candidate().verdict().requirement().orElseThrow());
      assertTrue(cmp.candidate().closed(), cmp::toString);
    }
  }

  @Example
  void aResetIsTheServersCloseWithWhatItSaidBefore() throws IOException {
    int port = serve(s -> {
      s.getInputStream().read(new byte[1]);
      s.getOutputStream().write(new byte[] {1, 2, 3});
      s.getOutputStream().flush();
      s.setSoLinger(true, 0); // close with a reset
      s.close();
    });
    ServerAdapter tcp = new TcpServerAdapter("127.0.0.1", port, 2000);
    try (ServerConnection c = tcp.connect()) {
      ServerConnection.Output out = c.send(ByteBuffer.wrap(new byte[] {9}));
      assertTrue(out.closed());
      assertArrayEquals(new byte[] {1, 2, 3}, out.bytes());
      assertTrue(c.send(ByteBuffer.wrap(new byte[100_000])).closed(), "a write after the reset");
      assertTrue(c.endInput().closed());
    }
  }

  @Example
  void aWriteAfterTheServerClosedIsItsCloseNotAnException() throws IOException {
    int port = serve(Socket::close);
    ServerAdapter tcp = new TcpServerAdapter("127.0.0.1", port, 200);
    try (ServerConnection c = tcp.connect()) {
      ServerConnection.Output out = ServerConnection.Output.NOTHING;
      for (int i = 0; i < 20 && !out.closed(); i++) { // the first writes may land in the kernel's buffer
        out = c.send(ByteBuffer.wrap(new byte[1 << 16]));
      }
      assertTrue(out.closed());
      assertEquals(0, out.bytes().length);
      assertTrue(c.endInput().closed());
    }
    Transcript t = Oracle.run(tcp, new byte[1 << 20], List.of(1 << 16));
    assertTrue(t.closed() && !t.verdict().rejected(), t::toString);
  }

  /** Serves each connection with {@code session} on a thread of its own; returns the port. */
  private int serve(IoConsumer<Socket> session) throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    open.add(listener);
    Thread accept = new Thread(() -> {
      while (!listener.isClosed()) {
        try {
          Socket s = listener.accept();
          Thread t = new Thread(() -> {
            try (s) {
              session.accept(s);
            } catch (IOException e) {
              // the client went away
            }
          });
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "tcp-adapter-test-accept");
    accept.setDaemon(true);
    accept.start();
    return listener.getLocalPort();
  }

  /** Like {@code framewire serve}: the reference session over a socket until either side ends. */
  private static void referenceSession(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    try (ServerConnection session = ConversationProperties.REFERENCE.connect()) {
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) >= 0; ) {
        ServerConnection.Output o = session.send(ByteBuffer.wrap(buf, 0, n));
        out.write(o.bytes());
        out.flush();
        if (o.closed()) {
          return;
        }
      }
      out.write(session.endInput().bytes());
      out.flush();
    }
  }

  @FunctionalInterface
  private interface IoConsumer<T> {
    void accept(T t) throws IOException;
  }

}
