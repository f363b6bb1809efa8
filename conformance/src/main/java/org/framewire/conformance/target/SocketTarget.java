package org.framewire.conformance.target;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.fuzz.ServerConnection;
import org.framewire.fuzz.StreamServerConnection;
import org.framewire.fuzz.TcpServerAdapter;
import org.framewire.transport.tls.ClientTls;

/**
 * A server reached over the raw transport on TCP (SPEC.md §9.1): one connection per session. After
 * each send it reads until the server closes or nothing arrives for the quiet period; after the
 * client's half-close, until the server closes or nothing arrives for the drain period. The fuzz
 * kit's {@link TcpServerAdapter} and {@link StreamServerConnection} do the I/O; this target adds
 * TLS ({@code tls://}), the TLS cases' raw probes and the suite's transport tag.
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
    return tls == null ? Transport.TCP : Transport.TLS;
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

  /** The session over a connected (and, over TLS, handshaken) socket. */
  private ServerConnection session(Socket s) throws IOException {
    s.setSoTimeout(quietMillis);
    return new StreamServerConnection(s.getInputStream(), s.getOutputStream(), () -> {
      s.shutdownOutput();
      s.setSoTimeout(drainMillis);
    }, s::close);
  }

  /** The host connected to. */
  public String host() {
    return host;
  }

  /** The port connected to. */
  public int port() {
    return port;
  }

  /** The TLS of a {@code tls://} target, or {@code null} over plain TCP. */
  public ClientTls tls() {
    return tls;
  }

  /** A TCP connection with no handshake, for the TLS cases' probes (SPEC.md §9.3). */
  public Socket connectPlain() throws IOException {
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(host, port), connectMillis);
      plain.setTcpNoDelay(true);
    } catch (IOException e) {
      plain.close();
      throw e;
    }
    return plain;
  }

  /**
   * A TLS session like {@link #connect()}'s, but offering {@code alpn} (empty: no ALPN extension)
   * in place of framewire's offer, for the TLS cases (TRANS-14).
   *
   * @throws javax.net.ssl.SSLException when the handshake fails
   */
  public Handshake connectOffering(java.util.List<String> alpn) throws IOException {
    if (tls == null) {
      throw new IllegalStateException("not a tls:// target");
    }
    Socket plain = connectPlain();
    try {
      plain.setSoTimeout((int) Math.min(Integer.MAX_VALUE, tls.handshakeTimeout().toMillis()));
      javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.context().getSocketFactory().createSocket(plain, host, port, true);
      javax.net.ssl.SSLParameters p = org.framewire.transport.tls.Tls.versionsOnly(s.getSSLParameters());
      if (tls.verifyHostname()) {
        p.setEndpointIdentificationAlgorithm("HTTPS");
      }
      p.setApplicationProtocols(alpn.toArray(String[]::new));
      s.setSSLParameters(p);
      s.startHandshake();
      String selected = s.getApplicationProtocol();
      return new Handshake(session(s), selected == null ? "" : selected, s.getSession().getProtocol());
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  /**
   * A finished handshake of {@link #connectOffering}.
   *
   * @param connection the session over it
   * @param alpn the ALPN protocol id the server selected, empty when none
   * @param protocol the TLS version, e.g. {@code TLSv1.3}
   */
  public record Handshake(ServerConnection connection, String alpn, String protocol) {}
}
