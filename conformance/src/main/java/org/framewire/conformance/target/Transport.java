package org.framewire.conformance.target;

import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.cases.Step;
import org.framewire.fuzz.ServerAdapter;

/**
 * How a target reaches the server under test (SPEC.md §9), which decides the cases it can play
 * (docs/conformance/case-format.md, {@code needs}) and whose fault an I/O error is.
 */
public enum Transport {
  /** A session in process (the reference server, an implementer's JUnit adapter): no I/O. */
  IN_PROCESS,
  /** The raw transport over a child process's stdin and stdout (§9.1). */
  PIPES,
  /** The raw transport over TCP (§9.1). */
  TCP,
  /** The raw transport over TLS on TCP (§9.1, §9.3): a {@code tls://} target. */
  TLS,
  /** The HTTP transport (§9.2): one exchange per session, a case's sends in one request body. */
  HTTP;

  /** A target that says which transport it speaks; any other adapter is taken as in process. */
  public interface Carrier {
    /** The transport this target speaks. */
    Transport transport();
  }

  /** The transport {@code target} speaks. */
  public static Transport of(ServerAdapter target) {
    return target instanceof Carrier c ? c.transport() : IN_PROCESS;
  }

  /**
   * Whether an I/O error talking to the target is the target's failure (a reset connection, a
   * refused exchange, a child process that died) rather than the tool's own.
   */
  public boolean ioErrorIsTargetFailure() {
    return this != IN_PROCESS;
  }

  /** Why this transport cannot play {@code c}, or null when it can. */
  public String notApplicable(ConformanceCase c) {
    String needed = c.needs().transport();
    boolean httpSteps = c.steps().stream().anyMatch(s -> s instanceof Step.Http);
    if (needed.equals("tls") && this != TLS) {
      return "a TLS case (needs.transport tls) over " + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
          + ", not tls://";
    }
    if (this == HTTP) {
      if (needed.equals("stream")) {
        return "a raw-transport case (needs.transport stream) over HTTP";
      }
      if (c.needs().interactive()) {
        return "an interactive case over HTTP, where one request body carries all of a case's sends";
      }
      return null;
    }
    if (needed.equals("http") || httpSteps) {
      return "an HTTP-only case (needs.transport http) over " + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
    return null;
  }
}
