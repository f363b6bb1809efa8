package org.framewire.conformance.target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.fuzz.ServerConnection;
import org.framewire.transport.tls.ClientTls;

/**
 * A server reached over the raw transport on TCP (SPEC.md §9.1): one connection per session. After
 * each send it reads until the server closes or nothing arrives for the quiet period; after the
 * client's half-close, until the server closes or nothing arrives for the drain period.
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
    Socket plain = connectPlain();
    Socket s;
    try {
      s = tls == null ? plain : tls.handshake(plain, host, port);
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
    return session(s);
  }

  /** The session over a connected (and, over TLS, handshaken) socket. */
  private ServerConnection session(Socket s) throws IOException {
    s.setSoTimeout(quietMillis);
    return new StreamConnection(s.getInputStream(), s.getOutputStream(), () -> {
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

  /** Reads what arrives until EOF or a quiet period; shared with the exec target. */
  static ServerConnection.Output drain(InputStream in, boolean[] closed) throws IOException {
    if (closed[0]) {
      return new ServerConnection.Output(new byte[0], true);
    }
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException e) {
        break;
      } catch (IOException e) {
        n = -1;
      }
      if (n < 0) {
        closed[0] = true;
        break;
      }
      got.write(buf, 0, n);
    }
    return new ServerConnection.Output(got.toByteArray(), closed[0]);
  }

  /** A session over an input and an output byte stream. */
  static final class StreamConnection implements ServerConnection {
    interface IoAction {
      void run() throws IOException;
    }

    private final InputStream in;
    private final java.io.OutputStream out;
    private final IoAction halfClose;
    private final IoAction close;
    private final boolean[] closed = {false};
    private BackgroundWriter writer;

    StreamConnection(InputStream in, java.io.OutputStream out, IoAction halfClose, IoAction close) {
      this.in = in;
      this.out = out;
      this.halfClose = halfClose;
      this.close = close;
    }

    @Override
    public Output send(ByteBuffer bytes) throws IOException {
      ByteArrayOutputStream early = catchUp();
      if (early.size() > 0 || closed[0]) {
        Output rest = sendNow(bytes);
        early.writeBytes(rest.bytes());
        return new Output(early.toByteArray(), rest.closed());
      }
      return sendNow(bytes);
    }

    /** Writes on a {@link BackgroundWriter} while this thread does not read (LIMIT-3). */
    @Override
    public boolean sendWithoutReading(ByteBuffer bytes, java.time.Duration stall) throws IOException {
      byte[] b = new byte[bytes.remaining()];
      bytes.get(b);
      if (writer == null) {
        writer = new BackgroundWriter(out);
      }
      return writer.write(b, stall);
    }

    /** Reads while the writer finishes what the server did not take when the suite did not read. */
    private ByteArrayOutputStream catchUp() throws IOException {
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      while (writer != null && writer.busy() && !closed[0]) {
        got.writeBytes(drain(in, closed).bytes());
      }
      return got;
    }

    private Output sendNow(ByteBuffer bytes) throws IOException {
      if (bytes.hasRemaining() && !closed[0]) {
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        try {
          out.write(b);
          out.flush();
        } catch (IOException e) {
          // the server closed its side; what it said before is still read below
        }
      }
      return drain(in, closed);
    }

    @Override
    public Output endInput() throws IOException {
      ByteArrayOutputStream got = catchUp();
      try {
        halfClose.run();
      } catch (IOException e) {
        // already closed
      }
      got.writeBytes(drain(in, closed).bytes());
      return new Output(got.toByteArray(), closed[0]);
    }

    @Override
    public void close() throws IOException {
      if (writer != null) {
        writer.shutdown();
      }
      close.run();
    }
  }
}
