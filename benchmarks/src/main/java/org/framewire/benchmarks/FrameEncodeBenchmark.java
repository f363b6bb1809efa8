package org.framewire.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Frames per second written into a send buffer: framewire's {@link FrameEncoder#encode(Frame,
 * ByteBuffer)} against Netty's {@link DefaultHttp2FrameWriter#writeData} writing HTTP/2 DATA
 * frames of the same payloads through a channel pipeline whose outbound end copies into a send
 * buffer ({@link NettyContext}). On both sides every payload byte is copied once into a 64 KiB
 * send buffer that restarts from its beginning when full, as a socket write would drain it. Netty
 * gets its cheapest path: a void promise, a retained payload buffer (no duplicate per write),
 * leak detection off. Ratio {@code encode_vs_netty_http2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(Payloads.FRAMES)
@Fork(value = 3, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@State(Scope.Thread)
public class FrameEncodeBenchmark extends SuiteBenchmark {

  /** The send buffer: large enough for the largest frame of either protocol. */
  static final int SEND_BUFFER = 64 * 1024;

  @Param({"0", "64", "1024", "32768"})
  public int payloadSize;

  private Frame frame;
  private ByteBuffer sendBuffer;

  private ByteBuf data;
  private DefaultHttp2FrameWriter writer;
  private NettyContext netty;
  private ChannelHandlerContext ctx;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    byte[] payload = Payloads.payload(payloadSize);
    frame = Payloads.frame(payload);
    sendBuffer = ByteBuffer.allocate(SEND_BUFFER);
    data = Unpooled.wrappedBuffer(payload.clone());
    writer = new DefaultHttp2FrameWriter();
    writer.maxFrameSize(Math.max(payloadSize, 16384));
    netty = new NettyContext(SEND_BUFFER);
    ctx = netty.ctx();
    // Both write every byte: header and payload, per frame.
    framewire();
    netty();
    long theirs = (long) Payloads.FRAMES * (Payloads.HTTP2_HEADER_LENGTH + payloadSize);
    if (netty.written() != theirs || data.refCnt() != 1) {
      throw new IllegalStateException("netty wrote " + netty.written() + " bytes, expected " + theirs);
    }
    sendBuffer.clear();
    FrameEncoder.encode(frame, sendBuffer);
    ByteBuffer written = ByteBuffer.wrap(sendBuffer.array(), 0, sendBuffer.position());
    if (!FrameDecoder.decodeAll(written, FrameDecoder.DEFAULT_MAX_FRAME_SIZE).equals(List.of(frame))) {
      throw new IllegalStateException("framewire did not write the frame");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    writer.close();
    data.release();
    netty.close();
  }

  @Benchmark
  public ByteBuffer framewire() {
    ByteBuffer dst = sendBuffer;
    Frame f = frame;
    int size = FrameEncoder.encodedSize(f);
    for (int i = 0; i < Payloads.FRAMES; i++) {
      if (dst.remaining() < size) {
        dst.clear();
      }
      FrameEncoder.encode(f, dst);
    }
    return dst;
  }

  @Benchmark
  public long netty() {
    for (int i = 0; i < Payloads.FRAMES; i++) {
      data.retain().readerIndex(0);
      writer.writeData(ctx, Payloads.HTTP2_STREAM_ID, data, 0, false, ctx.voidPromise());
    }
    return netty.written();
  }
}
