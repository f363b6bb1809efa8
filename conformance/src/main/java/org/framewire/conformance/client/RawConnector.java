package org.framewire.conformance.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.framewire.frames.CommandRequest;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.Response;
import org.framewire.transport.RawClient;
import org.framewire.transport.tls.ClientTls;

/**
 * How {@link ControlDriver} opens a {@code tcp://} session (SPEC.md §9.1) of the client under
 * test: framewire's {@link RawClient} by default ({@link #rawClient}), or any other client built on
 * framewire's {@code ClientSession}, such as the Netty client, so the control-channel code (ops in,
 * events out, docs/conformance/control-channel.md) is written once for all of them.
 */
@FunctionalInterface
public interface RawConnector {

  /**
   * Connects to {@code address} with {@code config}. {@code listener} must see the session's events
   * (protocol failure, error responses, progress, command errors) before the future of the call
   * they belong to completes.
   */
  Connection connect(InetSocketAddress address, ClientConfig config, Consumer<ClientEvent> listener) throws IOException;

  /** One connection of the client under test. */
  interface Connection {
    /** Sends a command request, with command data or {@code null} for none. */
    CompletableFuture<Response> call(CommandRequest request, ByteBuffer data);

    /** Closes the session and the connection; calls still open fail. */
    void close();
  }

  /** framewire's {@link RawClient} over a socket, its streams passed through {@code hooks}. */
  static RawConnector rawClient(ClientHooks hooks) {
    return (address, config, listener) -> {
      Socket socket = new Socket();
      try {
        socket.setTcpNoDelay(true);
        socket.connect(address, 10_000);
      } catch (IOException | RuntimeException e) {
        socket.close();
        throw e;
      }
      return over(socket.getInputStream(), socket.getOutputStream(), hooks, config, listener);
    };
  }

  /** How a client under test opens a {@code tls://} session (SPEC.md §9.3). */
  @FunctionalInterface
  interface Tls {
    /** Connects to {@code address} and completes the TLS handshake as {@code tls} says, then as {@link RawConnector#connect}. */
    Connection connect(ClientTls tls, InetSocketAddress address, ClientConfig config, Consumer<ClientEvent> listener)
        throws IOException;
  }

  /**
   * framewire's {@link RawClient} over a TLS socket ({@link ClientTls#handshake}: chain and name
   * checked, ALPN offered), its streams passed through {@code hooks}.
   */
  static Tls rawTlsClient(ClientHooks hooks) {
    return (tls, address, config, listener) -> {
      Socket socket = new Socket();
      Socket ssl;
      try {
        socket.setTcpNoDelay(true);
        socket.connect(address, 10_000);
        ssl = hooks.tls(tls).handshake(socket, address.getHostString(), address.getPort());
        ssl.setSoTimeout(0);
      } catch (IOException | RuntimeException e) {
        socket.close();
        throw e;
      }
      return over(ssl.getInputStream(), ssl.getOutputStream(), hooks, config, listener);
    };
  }

  /** framewire's {@link RawClient} over a pair of streams, passed through {@code hooks}. */
  static Connection over(InputStream in, OutputStream out, ClientHooks hooks, ClientConfig config,
      Consumer<ClientEvent> listener) {
    ClientHooks.OutboundTap tap = new ClientHooks.OutboundTap();
    RawClient raw = RawClient.over(hooks.inbound(in, tap), hooks.outbound(out, tap), config, listener);
    return new Connection() {
      @Override
      public CompletableFuture<Response> call(CommandRequest request, ByteBuffer data) {
        return data == null ? raw.call(request) : raw.call(request, data);
      }

      @Override
      public void close() {
        raw.close();
      }
    };
  }
}
