package org.framewire.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.framewire.frames.CommandRequest;
import org.framewire.session.ClientCalls;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.ClientSession;
import org.framewire.session.Response;
import org.framewire.transport.TransportException;

/**
 * The client side of the raw transport (SPEC.md §9.1) on one Netty channel: framewire's sans-I/O
 * {@link ClientSession} (through {@link ClientCalls}) on the channel's event loop. {@link #call}
 * may be used from any thread; the futures complete on the event loop, so dependent stages that
 * block must name an executor.
 *
 * <p>Inbound {@link ByteBuf}s go to the session as {@link ByteBuf#nioBuffers()} views and are
 * released; request frames are written as wrapped header and payload views, never copied. While
 * the channel is not writable, waiting calls are not sent; they go out on {@code
 * channelWritabilityChanged}: that holds the caller back, while {@code autoRead} stays on however
 * much the channel still has to write, so the server's answers are read (SPEC.md §10, LIMIT-8).
 * Session deadlines are scheduled on the event loop. Once the session is closed (a protocol
 * violation by the server, SPEC.md §7.2, or its end), the channel is closed after the session's
 * last bytes are written (ERR-2).
 */
public final class FramewireClientHandler extends ChannelInboundHandlerAdapter {

  private record Waiting(CommandRequest request, ByteBuffer data, CompletableFuture<Response> result) {}

  private final ClientCalls calls;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private DeadlineTimer deadline;
  private boolean closing;

  public FramewireClientHandler(ClientConfig config) {
    this(config, e -> { });
  }

  /**
   * A handler whose {@code listener} sees every session event (text output, progress, command
   * errors, error responses, protocol failures) on the event loop, before the future of the call
   * it belongs to completes.
   */
  public FramewireClientHandler(ClientConfig config, Consumer<ClientEvent> listener) {
    this.calls = new ClientCalls(new ClientSession(Objects.requireNonNull(config, "config")),
        Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.deadline = new DeadlineTimer(ctx.executor(), now -> {
      calls.onTimeout(now);
      afterWork();
    });
  }

  /** Sends a command request (with command data, or {@code null}); any thread. */
  public CompletableFuture<Response> call(CommandRequest request, ByteBuffer data) {
    CompletableFuture<Response> result = new CompletableFuture<>();
    ctx.executor().execute(() -> {
      waiting.add(new Waiting(request, data == null ? null : data.duplicate(), result));
      afterWork();
    });
    return result;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (InboundBytes.read(ctx, msg, !calls.session().isClosed(), calls::receive)) {
      afterWork();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent && !calls.session().isClosed()) {
      calls.receiveEnd();
      afterWork();
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    afterWork();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!calls.session().isClosed()) {
      calls.close();
    }
    afterWork();
    deadline.cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void afterWork() {
    ClientSession s = calls.session();
    while (!waiting.isEmpty()) {
      Waiting w = waiting.peek();
      if (w.result().isDone()) {
        waiting.poll();
      } else if (s.isClosed()) {
        waiting.poll().result().completeExceptionally(new TransportException("client session closed before the call was sent", (Throwable) null));
      } else if (s.canSend() && ctx.channel().isWritable()) {
        waiting.poll();
        CompletableFuture<Response> inner = w.data() == null ? calls.call(w.request()) : calls.call(w.request(), w.data());
        inner.whenComplete((r, failure) -> {
          if (failure == null) {
            w.result().complete(r);
          } else {
            w.result().completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure);
          }
        });
      } else {
        break;
      }
    }
    ByteBuffer[] out = s.pollOutbound();
    if (ctx.channel().isActive()) {
      if (out.length > 0) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(out));
      }
      if (s.isClosed() && !closing) {
        // A protocol failure (or the end of the session) closes the connection once what the
        // session still had to send is written (ERR-2).
        closing = true;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      }
    }
    deadline.moveTo(s.isClosed() ? Long.MAX_VALUE : s.nextDeadline());
  }
}
