package org.framewire.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.security.GeneralSecurityException;
import org.framewire.transport.tls.ClientTls;
import picocli.CommandLine.Option;

/**
 * The server a command tests, one of three (a picocli argument group): {@code --target URL} over
 * the raw transport, TLS or HTTP (SPEC.md §9), {@code --exec CMD} over a child's stdin and stdout,
 * or {@code --self}, framewire's reference server in process. {@code check} and {@code fuzz} share it.
 */
final class ServerTargetOptions {
  @Option(names = "--target", paramLabel = "URL",
      description = "tcp://HOST:PORT (raw transport), tls://HOST:PORT (over TLS) or http[s]://HOST:PORT[/api/PREFIX] (HTTP transport)")
  String url;

  @Option(names = "--exec", paramLabel = "CMD",
      description = "a server speaking the raw transport over its stdin/stdout, one child process per session")
  String exec;

  @Option(names = "--self", description = "framewire's own reference server, in process")
  boolean self;

  /** {@code --target} as a URI; only when it was given. */
  URI uri() {
    return URI.create(url);
  }

  /** The TLS settings of {@code tls} for a {@code tls://} or {@code https://} target, else null. */
  ClientTls tls(TlsClientOptions tls, PrintStream err) throws IOException, GeneralSecurityException {
    return url != null && TlsClientOptions.secure(uri().getScheme()) ? tls.clientTls(err) : null;
  }

  /** The option that selects this target again, for a command line that reproduces a run. */
  String selection() {
    return self ? "--self" : exec != null ? "--exec '" + exec + "'" : "--target " + url;
  }
}
