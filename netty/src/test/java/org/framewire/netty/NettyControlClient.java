package org.framewire.netty;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.framewire.conformance.client.ControlDriver;
import org.framewire.conformance.client.RawConnector;
import org.framewire.frames.CommandRequest;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.Response;

/**
 * The client-role control channel (docs/conformance/control-channel.md) backed by the Netty client:
 * the conformance module's {@link ControlDriver} reads the ops and writes the events, and every {@code
 * tcp://} session is a {@link NettyClient} (one channel, one {@link FramewireClientHandler}).
 * {@code main} is the adapter as a process, for {@code framewire check-client --exec}.
 */
public final class NettyControlClient {
  /** The implementation name the {@code ready} event gives. */
  public static final String NAME = "framewire-netty";

  private NettyControlClient() {}

  /** The control-channel driver over {@code ops} and {@code events}, with Netty sessions. */
  public static ControlDriver driver(BufferedReader ops, Writer events) {
    return new ControlDriver(ops, events, NAME, NettyControlClient::connect);
  }

  /** A {@link NettyClient} session as the driver's connection. */
  static RawConnector.Connection connect(InetSocketAddress address, ClientConfig config, Consumer<ClientEvent> listener)
      throws IOException {
    NettyClient client;
    try {
      client = NettyClient.connect(address, config, listener);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while connecting to " + address);
    } catch (Exception e) {
      // Netty's sync() rethrows the connect failure (a ConnectException, say) undeclared.
      if (e instanceof IOException io) {
        throw io;
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(e);
    }
    return new RawConnector.Connection() {
      @Override
      public CompletableFuture<Response> call(CommandRequest request, ByteBuffer data) {
        return client.call(request, data);
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  /** Reads ops on stdin and writes events on stdout until {@code exit} or the end of stdin. */
  public static void main(String[] args) throws IOException {
    BufferedReader ops = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Writer events = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
    System.exit(driver(ops, events).run());
  }
}
