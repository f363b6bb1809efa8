package org.framewire.session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.framewire.frames.Frame;

/**
 * Test harness: a client session and a server session wired back to back in memory. {@link
 * #pump()} moves the queued bytes both ways until neither side has anything left to send, hands
 * every {@link ServerEvent.RunCommand} to the handler, and collects every client event.
 */
final class Pair {
  final FakeClock clock = new FakeClock();
  final ClientSession client;
  final ServerSession server;
  final List<ClientEvent> clientEvents = new ArrayList<>();
  final List<ServerEvent> serverEvents = new ArrayList<>();
  /** Every frame the server sent, in order. */
  final List<Frame> serverFrames = new ArrayList<>();
  /** Every frame the client sent, in order. */
  final List<Frame> clientFrames = new ArrayList<>();
  private final BiConsumer<ServerEvent, ServerSession> handler;
  /** Bytes moved per receive call: small values cut frames anywhere. */
  private int chunk = Integer.MAX_VALUE;

  Pair(ClientConfig clientConfig, ServerConfig serverConfig, BiConsumer<ServerEvent, ServerSession> handler) {
    this.client = new ClientSession(clientConfig, clock);
    this.server = new ServerSession(serverConfig, clock);
    this.handler = handler;
  }

  Pair chunked(int bytes) {
    this.chunk = bytes;
    return this;
  }

  /** Moves bytes both ways until both sides are quiet. */
  void pump() {
    for (int round = 0; round < 10_000; round++) {
      List<Frame> up = client.pollFrames();
      List<Frame> down;
      clientFrames.addAll(up);
      for (ByteBuffer b : split(up)) {
        for (ServerEvent e : server.receive(b)) {
          serverEvents.add(e);
          handler.accept(e, server);
        }
      }
      serverEvents.addAll(server.pollEvents());
      down = server.pollFrames();
      serverFrames.addAll(down);
      for (ByteBuffer b : split(down)) {
        clientEvents.addAll(client.receive(b));
      }
      if (up.isEmpty() && down.isEmpty()) {
        return;
      }
    }
    throw new AssertionError("the sessions never went quiet");
  }

  private List<ByteBuffer> split(List<Frame> frames) {
    byte[] wire = ServerSessionTest.concat(frames.toArray(new Frame[0]));
    List<ByteBuffer> out = new ArrayList<>();
    for (int at = 0; at < wire.length; at += Math.min(chunk, wire.length - at)) {
      out.add(ByteBuffer.wrap(wire, at, Math.min(chunk, wire.length - at)));
    }
    return out;
  }

  /** The client events about {@code requestId}, in order. */
  List<ClientEvent> eventsOf(int requestId) {
    List<ClientEvent> out = new ArrayList<>();
    for (ClientEvent e : clientEvents) {
      if (e.requestId() == requestId) {
        out.add(e);
      }
    }
    return out;
  }
}
