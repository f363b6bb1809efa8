package org.framewire.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.framewire.session.commands.TlsPeer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.framewire.transport.SessionDriver;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandRegistry;

/**
 * The raw transport (SPEC.md §9.1) on one Netty channel: a {@link SessionDriver} (framewire's
 * sans-I/O {@code ServerSession} plus command dispatch) fed from the pipeline. Not sharable: one
 * instance per channel, which {@link FramewireServerInitializer} creates.
 *
 * <h2>Threads</h2>
 *
 * <p>The session lives on the channel's event loop. Commands run on the user's {@link Executor};
 * their writes come back to the event loop as tasks. Session deadlines are scheduled on the event
 * loop ({@link io.netty.channel.EventLoop#schedule}).
 *
 * <h2>Bytes</h2>
 *
 * <p>Inbound {@link ByteBuf}s are handed to the session as {@link ByteBuf#nioBuffers()} views and
 * released right after: the session consumes or copies what it keeps. Outbound frames, 8 header
 * bytes then the payload view, are wrapped ({@link Unpooled#wrappedBuffer(ByteBuffer...)}) into one
 * composite per batch, never copied; the write's completion returns their bytes to the budget.
 *
 * <h2>Backpressure</h2>
 *
 * <p>While the channel is not writable, the handler stops framing handlers' output (their tasks
 * wait, and their data writes block on the budget) and resumes on {@code channelWritabilityChanged}.
 * While the session owes more than its outbound limit, {@code autoRead} is off (LIMIT-3).
 */
public final class FramewireServerHandler extends ChannelInboundHandlerAdapter {

  private final TransportConfig config;
  private final CommandRegistry commands;
  private final Executor executor;
  private final TransportListener listener;
  private ChannelHandlerContext ctx;
  private SessionDriver driver;
  private DeadlineTimer deadline;
  private boolean tasksPending;
  private boolean inputEnded;
  private boolean outputShut;
  private boolean readPaused;

  public FramewireServerHandler(TransportConfig config, CommandRegistry commands, Executor executor,
      TransportListener listener) {
    this(new HandlerParts(config, commands, executor, listener));
  }

  FramewireServerHandler(HandlerParts parts) {
    this.config = parts.config();
    this.commands = parts.commands();
    this.executor = parts.executor();
    this.listener = parts.listener();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    Channel ch = ctx.channel();
    driver = SessionDriver.raw("netty " + ch.id().asShortText() + " " + ch.remoteAddress(), config,
        commands, executor, listener, () -> ctx.executor().execute(this::onTasks));
    deadline = new DeadlineTimer(ctx.executor(), this::onTimer);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    listener.connectionOpened(driver.name());
    afterWork();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (InboundBytes.read(ctx, msg, true, driver::receive)) {
      afterWork();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
      SslHandler ssl = ctx.pipeline().get(SslHandler.class);
      if (ssl != null) {
        driver.tls(TlsPeer.of(ssl.engine().getSession())); // before the first frame bytes arrive
      }
    }
    if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
      // The TCP half-close, or the client's close_notify over TLS 1.3: the end of its byte stream.
      inputEnded = true;
      if (driver.isClosed() && outputShut) {
        ctx.close(); // lingering after the last frame: the peer has closed too
        return;
      }
      driver.receiveEnd();
      afterWork();
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && tasksPending) {
      onTasks();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    deadline.cancel();
    driver.close("connection closed");
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof java.io.IOException io) {
      listener.ioError(driver.name(), io);
    } else {
      listener.internalError(driver.name(), cause);
    }
    ctx.close();
  }

  // ---------------------------------------------------------------- event loop

  /** Handlers queued work: frame it unless the channel cannot take more now. */
  private void onTasks() {
    if (!ctx.channel().isWritable() && !driver.isClosed()) {
      tasksPending = true; // resumed by channelWritabilityChanged
      return;
    }
    tasksPending = false;
    driver.runTasks();
    afterWork();
  }

  private void afterWork() {
    Channel ch = ctx.channel();
    ByteBuffer[] out = driver.pollOutbound();
    if (out.length > 0) {
      long bytes = 0;
      for (ByteBuffer b : out) {
        bytes += b.remaining();
      }
      long written = bytes;
      ch.writeAndFlush(Unpooled.wrappedBuffer(out)).addListener(f -> {
        driver.written(written);
        afterWrite();
      });
    }
    afterWrite();
    deadline.moveTo(driver.nextDeadline());
  }

  private void onTimer(long now) {
    driver.onTimeout(now);
    afterWork();
  }

  /** Reading on or off by the budget; after the last frame of a closed session, the end. */
  private void afterWrite() {
    Channel ch = ctx.channel();
    if (!ch.isOpen()) {
      return;
    }
    if (driver.abandoned()) {
      ch.close(); // LIMIT-7: the client read nothing of what is owed, the error frame included
      return;
    }
    boolean over = driver.overLimit();
    if (over != readPaused) {
      readPaused = over;
      ch.config().setAutoRead(!over); // LIMIT-3
      if (!over) {
        ch.read();
      }
    }
    if (driver.isClosed() && driver.unwritten() == 0 && !outputShut) {
      outputShut = true;
      if (ch instanceof DuplexChannel duplex && !inputEnded && !config.closeLinger().isZero()) {
        // The peer sees end of stream after the final frame; what it still sends is discarded
        // until it closes or the linger time passes.
        duplex.shutdownOutput();
        ch.config().setAutoRead(true);
        ch.read();
        ctx.executor().schedule(() -> {
          ch.close();
        }, config.closeLinger().toNanos(), TimeUnit.NANOSECONDS);
      } else {
        ch.close();
      }
    }
  }

  /** The connection's driver, for tests and diagnostics. */
  SessionDriver driver() {
    return driver;
  }

  /** Whether framing of handlers' output waits for the channel to become writable. */
  boolean waitingForWritability() {
    return tasksPending;
  }

  @Override
  public boolean isSharable() {
    return false;
  }

  @Override
  public String toString() {
    return "FramewireServerHandler[" + (driver == null ? "unattached" : driver.name()) + "]";
  }
}
