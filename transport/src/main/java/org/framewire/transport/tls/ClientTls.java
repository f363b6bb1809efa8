package org.framewire.transport.tls;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS for a client (SPEC.md §9.3): the context whose trust store checks the server's certificate
 * (and holds the client's own for mutual TLS), whether the server's name is checked against its
 * certificate, and how long the handshake may take.
 *
 * @param context the client's context, as {@link Pem#clientContext} builds it
 * @param verifyHostname check that the certificate names the host connected to (RFC 6125); on by
 *     default, off only with {@link Pem#insecureClientContext()}
 * @param handshakeTimeout how long the connect and the handshake may take together
 */
public record ClientTls(SSLContext context, boolean verifyHostname, Duration handshakeTimeout) {

  public ClientTls {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout " + handshakeTimeout);
    }
  }

  /** Verifying client TLS with {@code context} and a 10 s handshake timeout. */
  public static ClientTls of(SSLContext context) {
    return new ClientTls(context, true, ServerTls.DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /** A client engine for {@code host}: TLS 1.3 or 1.2, SNI, ALPN {@link Tls#ALPN}, name checks. */
  public SSLEngine newEngine(String host, int port) {
    SSLEngine engine = context.createSSLEngine(host, port);
    engine.setUseClientMode(true);
    engine.setSSLParameters(parameters(engine.getSSLParameters()));
    return engine;
  }

  /**
   * TLS over a connected blocking socket, as {@link #newEngine} sets it up, the handshake done
   * within {@link #handshakeTimeout()} (the socket's read timeout is left at that value): for tools
   * that read and write streams, such as the conformance suite's socket target.
   */
  public SSLSocket handshake(Socket plain, String host, int port) throws IOException {
    plain.setSoTimeout((int) Math.min(Integer.MAX_VALUE, handshakeTimeout.toMillis()));
    SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
    s.setSSLParameters(parameters(s.getSSLParameters()));
    s.startHandshake();
    return s;
  }

  /** The default verifying client: the JDK's trust store, host names checked. */
  public static ClientTls system() {
    try {
      return of(SSLContext.getDefault());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK offers no default TLS context", e);
    }
  }

  private SSLParameters parameters(SSLParameters p) {
    Tls.restrict(p);
    if (verifyHostname) {
      p.setEndpointIdentificationAlgorithm("HTTPS");
    }
    return p;
  }
}
