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
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
  /**
   * Every open connection, closed one by one in {@link #close()}: stopping the event loops alone
   * (Netty's {@code shutdownGracefully}) was seen to leave a connection open whose command was still
   * waiting for its handler, so its client waited for an answer that never came.
   */
  private final ChannelGroup connections;
  private final AtomicBoolean closed = new AtomicBoolean();

  private NettyTcpServer(EventLoopGroup group, Channel acceptor, ChannelGroup connections) {
    this.group = group;
    this.acceptor = acceptor;
    this.connections = connections;
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
    ChannelGroup connections = new DefaultChannelGroup("framewire connections", GlobalEventExecutor.INSTANCE);
    ChannelHandler child = new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel c) {
        connections.add(c); // removed again when it closes
        if (tls != null) {
          SslHandler ssl = new SslHandler(tls.newEngine());
          ssl.setHandshakeTimeoutMillis(tls.handshakeTimeout().toMillis());
          c.pipeline().addLast("tls", ssl);
        }
        c.pipeline().addLast(framewire);
      }
    };
    try {
      Channel ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(child)
          .bind(bind).sync().channel();
      return new NettyTcpServer(group, ch, connections);
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

  /**
   * Stops accepting, closes every connection (its client sees the end of the stream, so its calls
   * still open fail instead of waiting) and stops the event loops. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    acceptor.close().syncUninterruptibly();
    connections.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Connections open now. */
  int openConnections() {
    return connections.size();
  }

  @Override
  public String toString() {
    return "NettyTcpServer[" + localAddress() + "]";
  }
}
