package org.framewire.fuzz;

import java.io.IOException;

/**
 * A server implementation under test, as the {@link Oracle} drives it: something that opens fresh
 * sessions and turns client bytes into server bytes. framewire's own reference session is {@link
 * ReferenceServerAdapter}; an adapter for another implementation wraps its session object in
 * process, or a connection to it over the raw transport (SPEC.md §9.1: a TCP socket, a Unix socket,
 * a pair of pipes to a child process).
 *
 * <p>Implementations decide how long to wait for output; see {@link ServerConnection}.
 */
public interface ServerAdapter {

  /** A short name for reports, such as {@code framewire-reference} or {@code tcp:localhost:8000}. */
  String name();

  /**
   * Opens a fresh session (SPEC.md §1.2): no streams, settings, compression contexts or requests
   * carry over from an earlier one.
   *
   * @throws IOException when the server cannot be reached or started
   */
  ServerConnection connect() throws IOException;
}
