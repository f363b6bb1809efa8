package org.framewire.conformance.target;

import java.net.URI;
import org.framewire.fuzz.ServerAdapter;

/**
 * Builds a {@link ServerAdapter} from a target string: {@code self} (framewire's reference server
 * in process, no sockets), {@code tcp://HOST:PORT} (the raw transport, SPEC.md §9.1) or {@code
 * exec:CMD} (a child process over stdin/stdout).
 */
public final class Targets {
  /** How long a socket target waits for more output before it takes the server to be done. */
  public static final int DEFAULT_QUIET_MILLIS = 150;

  private Targets() {}

  /** A child process speaking frames over its stdin/stdout ({@code --exec "CMD"}). */
  public static ServerAdapter exec(String command) {
    return new ExecTarget(command, DEFAULT_QUIET_MILLIS);
  }

  /** Parses a target string: {@code self}, {@code tcp://HOST:PORT} or {@code exec:CMD}. */
  public static ServerAdapter parse(String target) {
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
    throw new IllegalArgumentException("target must be self or tcp://HOST:PORT, not " + target);
  }
}
