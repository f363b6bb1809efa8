package org.framewire.conformance.target;

import java.net.URI;
import java.time.Duration;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.transport.tls.ClientTls;

/**
 * Builds a {@link ServerAdapter} from a target string: {@code self} (framewire's reference server
 * in process, no sockets), {@code tcp://HOST:PORT} (the raw transport, SPEC.md §9.1), {@code
 * http://HOST:PORT[/api/PREFIX]} (the HTTP transport, §9.2), either over TLS ({@code tls://},
 * {@code https://}, §9.3) or {@code exec:CMD} (a child process
 * over stdin/stdout).
 */
public final class Targets {
  /** How long a socket target waits for more output before it takes the server to be done. */
  public static final int DEFAULT_QUIET_MILLIS = 150;

  /** How long an HTTP target's connect may take. */
  public static final Duration HTTP_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * How long one HTTP exchange may take, response included; a case's own deadline, when shorter,
   * cancels it sooner.
   */
  public static final Duration HTTP_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private Targets() {}

  /** A child process speaking frames over its stdin/stdout ({@code --exec "CMD"}). */
  public static ServerAdapter exec(String command) {
    return new ExecTarget(command, DEFAULT_QUIET_MILLIS);
  }

  /**
   * Parses a target string: {@code self}, {@code tcp://HOST:PORT}, {@code
   * http://HOST:PORT[/CONTEXT][/api/PREFIX]} (or {@code http://HOST:PORT/PREFIX}) or {@code exec:CMD}.
   */
  public static ServerAdapter parse(String target) {
    return parse(target, null);
  }

  /**
   * As {@link #parse(String)}, with {@code tls://HOST:PORT} (the raw transport over TLS) and {@code
   * https://HOST:PORT[/api/PREFIX]} (SPEC.md §9.3) reached with {@code tls}; {@code null} means
   * the JDK's trust store with host names checked.
   */
  public static ServerAdapter parse(String target, ClientTls tls) {
    if (target.equals("self")) {
      return SelfTarget.adapter();
    }
    if (target.startsWith("exec:")) {
      return exec(target.substring(5));
    }
    URI uri = URI.create(target);
    if ("tcp".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) {
      return new SocketTarget(uri.getHost(), uri.getPort(), DEFAULT_QUIET_MILLIS);
    }
    if ("tls".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) {
      return new SocketTarget(uri.getHost(), uri.getPort(), DEFAULT_QUIET_MILLIS, DEFAULT_QUIET_MILLIS, 5000,
          tls == null ? ClientTls.system() : tls);
    }
    if ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) {
      return HttpTarget.of(uri, HTTP_CONNECT_TIMEOUT, HTTP_REQUEST_TIMEOUT, tls);
    }
    throw new IllegalArgumentException("target must be self, tcp://HOST:PORT, tls://HOST:PORT or "
        + "http[s]://HOST:PORT[/api/PREFIX], not " + target);
  }
}
