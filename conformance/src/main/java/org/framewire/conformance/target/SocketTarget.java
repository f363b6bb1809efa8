package org.framewire.conformance.target;

import java.io.IOException;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.fuzz.ServerConnection;
import org.framewire.fuzz.TcpServerAdapter;
import org.framewire.transport.tls.ClientTls;

/**
 * A server reached over the raw transport on TCP (SPEC.md §9.1): one connection per session. After
 * each send it reads until the server closes or nothing arrives for the quiet period; after the
 * client's half-close, until the server closes or nothing arrives for the drain period. The fuzz
 * kit's {@link TcpServerAdapter} does the I/O; this target adds TLS ({@code tls://}) and the suite's
 * transport tag.
 */
public final class SocketTarget implements ServerAdapter, Transport.Carrier {
  private final String host;
  private final int port;
  private final int quietMillis;
  private final int drainMillis;
  private final int connectMillis;
  /** TLS over the connection (a {@code tls://} target, SPEC.md §9.3), or {@code null}. */
  private final ClientTls tls;

  /** Waits {@code quietMillis} for more output after sends and after the half-close alike. */
  public SocketTarget(String host, int port, int quietMillis) {
    this(host, port, quietMillis, quietMillis, 5000);
  }

  /**
   * @param quietMillis how long to wait for more output after a send
   * @param drainMillis how long to wait for more output after the client's half-close
   * @param connectMillis how long the connect may take
   */
  public SocketTarget(String host, int port, int quietMillis, int drainMillis, int connectMillis) {
    this(host, port, quietMillis, drainMillis, connectMillis, null);
  }

  /** As the other constructor, over TLS with {@code tls} when it is not {@code null}. */
  public SocketTarget(String host, int port, int quietMillis, int drainMillis, int connectMillis, ClientTls tls) {
    this.tls = tls;
    this.host = host;
    this.port = port;
    this.quietMillis = quietMillis;
    this.drainMillis = drainMillis;
    this.connectMillis = connectMillis;
  }

  @Override
  public Transport transport() {
    return Transport.TCP;
  }

  @Override
  public String name() {
    return (tls == null ? "tcp://" : "tls://") + host + ":" + port;
  }

  @Override
  public ServerConnection connect() throws IOException {
    return new TcpServerAdapter(host, port, quietMillis, drainMillis, connectMillis,
        tls == null ? null : plain -> tls.handshake(plain, host, port)).connect();
  }
}
