package org.framewire.conformance.client;

import java.io.InputStream;
import java.io.OutputStream;
import org.framewire.session.ClientConfig;

/**
 * Where {@link ControlDriver} lets a test change framewire's client: its configuration and the byte
 * streams between it and the server. The identity hooks leave the client as it is; the mutant clients
 * of the tests inject one protocol bug each through them.
 */
public interface ClientHooks {
  /** Hooks that change nothing. */
  ClientHooks NONE = new ClientHooks() {};

  /** The configuration the client uses, given the one the control channel asked for. */
  default ClientConfig config(ClientConfig requested) {
    return requested;
  }

  /** The TLS settings the client uses for a {@code tls://} target, given the ones the control channel asked for. */
  default org.framewire.transport.tls.ClientTls tls(org.framewire.transport.tls.ClientTls requested) {
    return requested;
  }

  /**
   * The JDK HTTP client the client's {@code http://} sessions send with (SPEC.md §9.2), given the
   * one it would use; a mutant wraps it to change what goes on the wire.
   */
  default java.net.http.HttpClient httpClient(java.net.http.HttpClient requested) {
    return requested;
  }

  /** The stream the client reads the server's bytes from. */
  default InputStream inbound(InputStream fromServer, OutboundTap tap) {
    return fromServer;
  }

  /** The stream the client writes its bytes to; {@code tap} sees the frames, for inbound filters. */
  default OutputStream outbound(OutputStream toServer, OutboundTap tap) {
    return toServer;
  }

  /** A place where an outbound filter records what the client sent, for an inbound filter to read. */
  final class OutboundTap {
    private final java.util.Set<Integer> requestIds = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Records a request id the client opened. */
    public void opened(int requestId) {
      requestIds.add(requestId);
    }

    /** Whether the client opened a request with this id. */
    public boolean isOpened(int requestId) {
      return requestIds.contains(requestId);
    }
  }
}
