package org.framewire.fuzz;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A server reached over the raw transport on TCP (SPEC.md §9.1), one connection per session: the
 * kit's adapter for fuzzing a running server from jqwik properties. After each send it reads until
 * the server closes or nothing arrives for {@code quietMillis}; after the half-close (TRANS-6) until
 * it closes or nothing arrives for {@code drainMillis} ({@link StreamServerConnection}). A reset,
 * or a write after the server closed, is the server's close, never an exception.
 *
 * <pre>{@code
 * ServerAdapter mine = new TcpServerAdapter("127.0.0.1", 7000, 50);
 * lock.check(Oracle.compare(ReferenceServerAdapter.forLimits(limits), mine, conversation));
 * }</pre>
 *
 * <p>The kit's one socket (docs/architecture.md: {@code LayeringTest.ALLOWED} gives the reason):
 * it connects only to the address it is given.
 */
public final class TcpServerAdapter implements ServerAdapter {

  /** A layer over the connected socket, such as a TLS handshake; returns the socket to speak over. */
  @FunctionalInterface
  public interface Layer {
    /** Layers over {@code plain}, or throws (the adapter then closes {@code plain}). */
    Socket over(Socket plain) throws IOException;
  }

  private final String host;
  private final int port;
  private final int quietMillis;
  private final int drainMillis;
  private final int connectMillis;
  private final Layer layer;

  /** Waits {@code quietMillis} after sends and after the half-close alike; connects within 5 s. */
  public TcpServerAdapter(String host, int port, int quietMillis) {
    this(host, port, quietMillis, quietMillis, 5000, null);
  }

  /**
   * @param quietMillis how long to wait for more output after a send
   * @param drainMillis how long to wait for more output after the client's half-close
   * @param connectMillis how long the connect may take
   * @param layer what to speak over the connection (TLS), or {@code null} for the plain socket
   */
  public TcpServerAdapter(String host, int port, int quietMillis, int drainMillis, int connectMillis, Layer layer) {
    if (quietMillis <= 0 || drainMillis <= 0 || connectMillis <= 0) {
      throw new IllegalArgumentException("waits must be positive");
    }
    this.host = host;
    this.port = port;
    this.quietMillis = quietMillis;
    this.drainMillis = drainMillis;
    this.connectMillis = connectMillis;
    this.layer = layer;
  }

  @Override
  public String name() {
    return "tcp://" + host + ":" + port;
  }

  @Override
  public ServerConnection connect() throws IOException {
    Socket plain = new Socket();
    Socket s;
    try {
      plain.connect(new InetSocketAddress(host, port), connectMillis);
      plain.setTcpNoDelay(true);
      s = layer == null ? plain : layer.over(plain);
      s.setSoTimeout(quietMillis);
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
    return new StreamServerConnection(s.getInputStream(), s.getOutputStream(), () -> {
      s.shutdownOutput();
      s.setSoTimeout(drainMillis);
    }, s::close);
  }
}
