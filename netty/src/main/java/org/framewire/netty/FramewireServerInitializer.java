package org.framewire.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.util.concurrent.Executor;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandRegistry;

/**
 * Adds a {@link FramewireServerHandler} to each accepted channel, with half-closure allowed so
 * that a client ending its output still gets its answers (TRANS-6):
 *
 * <pre>{@code
 * new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
 *     .childHandler(new FramewireServerInitializer(CommandRegistry.conformance(), executor))
 *     .bind(port);
 * }</pre>
 */
public final class FramewireServerInitializer extends ChannelInitializer<Channel> {
  private final HandlerParts parts;

  /** With {@link TransportConfig#DEFAULTS} and no listener. */
  public FramewireServerInitializer(CommandRegistry commands, Executor executor) {
    this(TransportConfig.DEFAULTS, commands, executor, TransportListener.NONE);
  }

  /**
   * @param executor where command handlers run; never the event loop
   */
  public FramewireServerInitializer(TransportConfig config, CommandRegistry commands, Executor executor,
      TransportListener listener) {
    this.parts = new HandlerParts(config, commands, executor, listener);
  }

  @Override
  protected void initChannel(Channel ch) {
    ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    ch.pipeline().addLast("framewire", new FramewireServerHandler(parts));
  }
}
