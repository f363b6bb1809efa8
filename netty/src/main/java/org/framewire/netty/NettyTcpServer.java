package org.framewire.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslHandler;
import org.framewire.transport.tls.ServerTls;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandRegistry;

/**
 * A ready-made Netty server of the raw transport (SPEC.md §9.1): its own NIO event loops and a
 * {@link FramewireServerInitializer}. Servers that already run Netty add the initializer to their
 * own bootstrap instead.
 */
public final class NettyTcpServer implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel acceptor;

  private NettyTcpServer(EventLoopGroup group, Channel acceptor) {
    this.group = group;
    this.acceptor = acceptor;
  }

  /**
   * Binds {@code bind} (port 0 for an ephemeral port) and serves {@code commands}, run on
   * {@code executor}, with {@code threads} event loops.
   */
  public static NettyTcpServer start(InetSocketAddress bind, int threads, TransportConfig config,
      CommandRegistry commands, Executor executor, TransportListener listener) throws InterruptedException {
    return start(bind, threads, config, null, commands, executor, listener);
  }

  /**
   * As {@link #start(InetSocketAddress, int, TransportConfig, CommandRegistry, Executor,
   * TransportListener)}, with Netty's {@link SslHandler} first in every connection's pipeline when
   * {@code tls} is not {@code null} (SPEC.md §9.3): the engine {@link ServerTls#newEngine()} makes,
   * its handshake timeout, and the verified peer handed to handlers.
   */
  public static NettyTcpServer start(InetSocketAddress bind, int threads, TransportConfig config, ServerTls tls,
      CommandRegistry commands, Executor executor, TransportListener listener) throws InterruptedException {
    Objects.requireNonNull(bind, "bind");
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    FramewireServerInitializer framewire = new FramewireServerInitializer(config, commands, executor, listener);
    ChannelHandler child = tls == null ? framewire : new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel c) {
        SslHandler ssl = new SslHandler(tls.newEngine());
        ssl.setHandshakeTimeoutMillis(tls.handshakeTimeout().toMillis());
        c.pipeline().addLast("tls", ssl).addLast(framewire);
      }
    };
    try {
      Channel ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(child)
          .bind(bind).sync().channel();
      return new NettyTcpServer(group, ch);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  /** One event loop, {@link TransportConfig#DEFAULTS}, no listener. */
  public static NettyTcpServer start(InetSocketAddress bind, CommandRegistry commands, Executor executor)
      throws InterruptedException {
    return start(bind, 1, TransportConfig.DEFAULTS, commands, executor, TransportListener.NONE);
  }

  /** The bound address, with the actual port. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) acceptor.localAddress();
  }

  /** Stops accepting, closes every connection and stops the event loops. */
  @Override
  public void close() {
    acceptor.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Override
  public String toString() {
    return "NettyTcpServer[" + localAddress() + "]";
  }
}
