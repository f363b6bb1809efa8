package org.framewire.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * A Netty pipeline in which {@code DefaultHttp2FrameWriter} writes as it would in a server: an
 * {@link EmbeddedChannel} (its event loop is the calling thread) whose outbound end copies every
 * written buffer into a reusable send buffer and releases it — the work a socket write does, and
 * what {@code FrameEncoder.encode} does on framewire's side.
 */
final class NettyContext implements AutoCloseable {

  private final EmbeddedChannel channel;
  private final ChannelHandlerContext ctx;
  private final ByteBuf sendBuffer;
  private long written;

  /** A pipeline whose send buffer holds {@code sendBufferSize} bytes; it is reused from its start when full. */
  NettyContext(int sendBufferSize) {
    sendBuffer = io.netty.buffer.Unpooled.buffer(sendBufferSize, sendBufferSize);
    ChannelOutboundHandlerAdapter sink = new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext c, Object msg, ChannelPromise promise) {
        ByteBuf b = (ByteBuf) msg;
        int n = b.readableBytes();
        if (sendBuffer.writableBytes() < n) {
          sendBuffer.clear();
        }
        sendBuffer.writeBytes(b, b.readerIndex(), n);
        written += n;
        b.release();
        promise.trySuccess();
      }
    };
    ChannelInboundHandlerAdapter writerSide = new ChannelInboundHandlerAdapter();
    channel = new EmbeddedChannel(sink, writerSide);
    ctx = channel.pipeline().context(writerSide);
  }

  /** The context a frame writer writes through: its writes go to the send buffer. */
  ChannelHandlerContext ctx() {
    return ctx;
  }

  /** Bytes copied into the send buffer so far. */
  long written() {
    return written;
  }

  @Override
  public void close() {
    channel.finishAndReleaseAll();
    sendBuffer.release();
  }
}
