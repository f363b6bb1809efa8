package org.framewire.transport.tls;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS for a server (SPEC.md §9.3): the context holding its certificate and key (and, for mutual
 * TLS, the CA its clients' certificates must chain to), and how long a handshake may take.
 *
 * @param context the server's context, as {@link Pem#serverContext} builds it from PEM files
 * @param requireClientCertificate mutual TLS: a client without a certificate its trust store
 *     verifies fails the handshake
 * @param handshakeTimeout how long a connection may take from accept to the end of its handshake;
 *     then it is closed unserved (a plaintext client, a stalled one). Default 10 s.
 */
public record ServerTls(SSLContext context, boolean requireClientCertificate, Duration handshakeTimeout) {

  /** The default {@link #handshakeTimeout()}. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  public ServerTls {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout " + handshakeTimeout);
    }
  }

  /** A server context without client certificates and the default handshake timeout. */
  public static ServerTls of(SSLContext context) {
    return new ServerTls(context, false, DEFAULT_HANDSHAKE_TIMEOUT);
  }

  public ServerTls withHandshakeTimeout(Duration d) {
    return new ServerTls(context, requireClientCertificate, d);
  }

  /** A server engine: TLS 1.3 or 1.2, ALPN {@link Tls#ALPN} offered, client certificates as set. */
  public SSLEngine newEngine() {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    SSLParameters p = engine.getSSLParameters();
    Tls.restrict(p);
    if (requireClientCertificate) {
      p.setNeedClientAuth(true);
    }
    engine.setSSLParameters(p);
    return engine;
  }
}
