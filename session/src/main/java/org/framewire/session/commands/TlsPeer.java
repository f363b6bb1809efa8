package org.framewire.session.commands;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/**
 * What TLS established about the peer of a connection (SPEC.md §9.3): the protocol version and
 * cipher suite negotiated, and the peer's certificate chain when it presented one that the server
 * verified against its client CA (mutual TLS). A {@link CommandHandler} reads it from {@link
 * CommandCall#tls()} to authorise per command.
 *
 * @param protocol the TLS version, such as {@code TLSv1.3}
 * @param cipherSuite the negotiated cipher suite
 * @param certificates the peer's verified chain, its own certificate first; empty when it sent none
 */
public record TlsPeer(String protocol, String cipherSuite, List<X509Certificate> certificates) {

  public TlsPeer {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(cipherSuite, "cipherSuite");
    certificates = List.copyOf(certificates);
  }

  /** The peer's subject, or {@code null} when it presented no certificate. */
  public X500Principal principal() {
    return certificates.isEmpty() ? null : certificates.get(0).getSubjectX500Principal();
  }

  /** What {@code session} established; only certificates the handshake verified are in it. */
  public static TlsPeer of(SSLSession session) {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      for (Certificate c : session.getPeerCertificates()) {
        if (c instanceof X509Certificate x) {
          chain.add(x);
        }
      }
    } catch (SSLPeerUnverifiedException e) {
      // no client certificate: a TLS connection without mutual authentication
    }
    return new TlsPeer(session.getProtocol(), session.getCipherSuite(), chain);
  }
}
