package org.framewire.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay that counts the bytes it carries each way: a client connects to {@link
 * #address()} and the relay opens a connection to the target and copies both directions, adding
 * every byte read from a socket to {@link #upstreamBytes()} (client to server) or {@link
 * #downstreamBytes()} (server to client). It counts what crosses the socket — the application's
 * bytes as TCP carries them, whatever the protocol — so two protocols measured through it are
 * counted the same way. Both sockets run with {@code TCP_NODELAY}.
 */
public final class CountingRelay implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final AtomicLong up = new AtomicLong();
  private final AtomicLong down = new AtomicLong();

  /** Starts a relay to {@code target} on an ephemeral loopback port. */
  public CountingRelay(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "relay-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Where clients connect. */
  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
  }

  /** Bytes carried from clients to the target so far. */
  public long upstreamBytes() {
    return up.get();
  }

  /** Bytes carried from the target to clients so far. */
  public long downstreamBytes() {
    return down.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getAddress(), target.getPort());
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        pump(client, server, up, "relay-up");
        pump(server, client, down, "relay-down");
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void pump(Socket from, Socket to, AtomicLong counter, String name) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          counter.addAndGet(n);
          out.write(buffer, 0, n);
        }
      } catch (IOException e) {
        // one side closed: the other pump ends too
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
