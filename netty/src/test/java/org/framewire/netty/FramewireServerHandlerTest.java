package org.framewire.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameNotation;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The handler on an {@link EmbeddedChannel}, frames in notation both ways. */
class FramewireServerHandlerTest {
  static {
    LeakWatch.install();
  }

  /** Handlers run inline; their writes come back through the channel's event loop. */
  private static final Executor INLINE = Runnable::run;

  private static EmbeddedChannel channel() {
    return new EmbeddedChannel(new FramewireServerHandler(TransportConfig.DEFAULTS, CommandRegistry.conformance(),
        INLINE, TransportListener.NONE));
  }

  private static void send(EmbeddedChannel ch, String... lines) {
    for (String line : lines) {
      ch.writeInbound(Unpooled.wrappedBuffer(FrameNotation.parse(line).toBytes()));
    }
    ch.runPendingTasks();
  }

  private static List<String> received(EmbeddedChannel ch) throws Exception {
    ByteBuffer all = ByteBuffer.allocate(1 << 20);
    for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
      try {
        all.put(b.nioBuffer());
      } finally {
        b.release();
      }
    }
    all.flip();
    List<String> lines = new ArrayList<>();
    for (Frame f : FrameDecoder.decodeAll(all, FrameDecoder.DEFAULT_MAX_FRAME_SIZE)) {
      lines.add(FrameNotation.format(f));
    }
    return lines;
  }

  @AfterAll
  static void noLeaks() throws Exception {
    LeakWatch.assertNoLeaks();
  }

  @Test
  void echoIsAnsweredInFrames() throws Exception {
    EmbeddedChannel ch = channel();
    send(ch, "1 1 stream-begin command-request new cbor:{b'name': b'echo', b'args': {b'k': b'v'}}");
    assertEquals(List.of(
        "1 2 stream-begin stream-settings eos cbor:b'identity'",
        "1 2 encoded command-response continuation \\xa1FstatusBok",
        "1 2 encoded command-response continuation \\xa1AkAv",
        "1 2 0 command-response eos "), received(ch));
    ch.finishAndReleaseAll();
  }

  @Test
  void aRequestSplitAcrossReadsIsAnsweredOnce() throws Exception {
    EmbeddedChannel ch = channel();
    byte[] bytes = FrameNotation.parse("3 1 stream-begin command-request new cbor:{b'name': b'echo'}").toBytes();
    for (byte b : bytes) {
      ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    ch.runPendingTasks();
    assertEquals(List.of(
        "3 2 stream-begin stream-settings eos cbor:b'identity'",
        "3 2 encoded command-response continuation \\xa1FstatusBok",
        "3 2 encoded command-response continuation \\xa0",
        "3 2 0 command-response eos "), received(ch));
    ch.finishAndReleaseAll();
  }

  @Test
  void aMalformedFrameEndsTheSessionWithAProtocolErrorAndCloses() throws Exception {
    EmbeddedChannel ch = channel();
    send(ch, "1 1 stream-begin 15 0 ");
    List<String> out = received(ch);
    assertEquals(1, out.size(), out.toString());
    assertTrue(out.get(0).contains("error-response"), out.toString());
    assertTrue(out.get(0).contains("b'protocol'"), out.toString());
    assertFalse(ch.isOpen(), "the channel stays open after the session ended");
    ch.finishAndReleaseAll();
  }

  @Test
  void outputWaitsWhileTheChannelIsNotWritable() throws Exception {
    EmbeddedChannel ch = channel();
    FramewireServerHandler h = ch.pipeline().get(FramewireServerHandler.class);
    ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    assertFalse(ch.isWritable());
    send(ch, "1 1 stream-begin command-request new cbor:{b'name': b'echo'}");
    assertTrue(h.waitingForWritability(), "the response was framed while the channel was not writable");
    assertEquals(List.of(), received(ch));
    ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
    ch.runPendingTasks();
    assertFalse(h.waitingForWritability());
    assertEquals(4, received(ch).size());
    ch.finishAndReleaseAll();
  }
}
