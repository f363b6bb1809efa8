package org.framewire.transport.tls;

import javax.net.ssl.SSLParameters;

/** The TLS choices SPEC.md §9.3 fixes for every transport. */
public final class Tls {
  /** The ALPN protocol id of the raw transport (SPEC.md §9.3, TRANS-TLS-3). */
  public static final String ALPN = "framewire";

  /** TLS 1.3, and 1.2 as the floor (TRANS-TLS-1). */
  public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private Tls() {}

  /** Restricts {@code p} to {@link #PROTOCOLS} and offers {@link #ALPN}. */
  static void restrict(SSLParameters p) {
    p.setProtocols(PROTOCOLS.clone());
    p.setApplicationProtocols(new String[] {ALPN});
  }

  /** Restricts {@code p} to {@link #PROTOCOLS} without ALPN (the HTTP transport negotiates none of its own). */
  public static SSLParameters versionsOnly(SSLParameters p) {
    p.setProtocols(PROTOCOLS.clone());
    return p;
  }
}
