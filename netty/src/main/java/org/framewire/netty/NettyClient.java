package org.framewire.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.Response;

/** A raw-transport client on Netty: one connection, one {@link FramewireClientHandler}, its own event loop. */
public final class NettyClient implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel channel;
  private final FramewireClientHandler handler;

  private NettyClient(EventLoopGroup group, Channel channel, FramewireClientHandler handler) {
    this.group = group;
    this.channel = channel;
    this.handler = handler;
  }

  /** Connects to {@code address}. */
  public static NettyClient connect(InetSocketAddress address, ClientConfig config) throws InterruptedException {
    return connect(address, config, e -> { });
  }

  /**
   * Connects to {@code address}; {@code listener} sees every session event on the event loop (see
   * {@link FramewireClientHandler#FramewireClientHandler(ClientConfig, Consumer)}).
   */
  public static NettyClient connect(InetSocketAddress address, ClientConfig config, Consumer<ClientEvent> listener)
      throws InterruptedException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    FramewireClientHandler handler = new FramewireClientHandler(config, listener);
    try {
      Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
          .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
          .handler(handler).connect(address).sync().channel();
      return new NettyClient(group, ch, handler);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  public CompletableFuture<Response> call(String command, CborValue.MapValue args) {
    return handler.call(CommandRequest.of(command, args), null);
  }

  public CompletableFuture<Response> call(CommandRequest request) {
    return handler.call(request, null);
  }

  public CompletableFuture<Response> call(CommandRequest request, ByteBuffer data) {
    return handler.call(request, data);
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
