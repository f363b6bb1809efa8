package org.framewire.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * How {@link FramewireServerHandler} and {@link FramewireClientHandler} take a channel read: a
 * {@link ByteBuf}'s readable bytes go to the session as {@link ByteBuf#nioBuffers()} views, without
 * copying, and the buffer is released right after (the session consumes or copies what it keeps);
 * any other message goes on down the pipeline.
 */
final class InboundBytes {

  private InboundBytes() {}

  /**
   * Hands {@code msg}'s readable bytes to {@code session} when {@code take} (views valid only
   * during the call), then releases {@code msg}; passes on a message that is not a {@link ByteBuf}.
   *
   * @return whether {@code msg} was bytes, so that the session may have work
   */
  static boolean read(ChannelHandlerContext ctx, Object msg, boolean take, Consumer<ByteBuffer> session) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return false;
    }
    try {
      if (take && buf.isReadable()) {
        for (ByteBuffer view : buf.nioBuffers()) {
          session.accept(view);
        }
      }
    } finally {
      ReferenceCountUtil.release(buf);
    }
    return true;
  }
}
