package org.framewire.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.framewire.transport.tls.ClientTls;
import org.framewire.transport.tls.Pem;
import org.framewire.transport.tls.ServerTls;
import picocli.CommandLine.Option;

/**
 * The options of a command that reaches {@code tls://} and {@code https://} targets (SPEC.md §9.3):
 * whom to trust, or (loudly) no one.
 */
final class TlsClientOptions {
  @Option(names = "--ca", paramLabel = "FILE",
      description = "PEM CA certificate(s) to trust for tls:// and https:// targets (default: the JDK's trust store).")
  Path ca;

  @Option(names = "--insecure",
      description = "Skip the server certificate and host name checks for tls:// and https:// (anyone in the middle can read and change the traffic).")
  boolean insecure;

  @Option(names = "--client-cert", paramLabel = "FILE", description = "PEM certificate to present (mutual TLS); with --client-key.")
  Path clientCert;

  @Option(names = "--client-key", paramLabel = "FILE", description = "PEM PKCS#8 private key of --client-cert.")
  Path clientKey;

  /** Whether {@code scheme} is one of the TLS schemes. */
  static boolean secure(String scheme) {
    return "tls".equals(scheme) || "https".equals(scheme);
  }

  /** The client TLS settings these options ask for; says so on {@code err} when nothing is verified. */
  ClientTls clientTls(PrintStream err) throws IOException, GeneralSecurityException {
    if ((clientCert == null) != (clientKey == null)) {
      throw new GeneralSecurityException("--client-cert and --client-key go together");
    }
    if (insecure) {
      err.println("WARNING: --insecure: the server's certificate and name are NOT checked;"
          + " this connection is open to anyone in the middle");
      return new ClientTls(Pem.insecureClientContext(), false, ServerTls.DEFAULT_HANDSHAKE_TIMEOUT);
    }
    if (ca == null && clientCert == null) {
      return ClientTls.system();
    }
    return ClientTls.of(Pem.clientContext(ca, clientCert, clientKey));
  }
}
