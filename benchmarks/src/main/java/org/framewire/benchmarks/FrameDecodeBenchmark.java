package org.framewire.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.spec.ProtocolException;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Frames per second decoded from a byte buffer: framewire's incremental {@link FrameDecoder}
 * (SPEC.md §2.5) against Netty's {@link DefaultHttp2FrameReader} reading HTTP/2 DATA frames with
 * the same payloads. Each invocation decodes {@value Payloads#FRAMES} frames held in one buffer;
 * both hand out each payload as a view without copying it, and each frame reaches a {@link
 * Blackhole}. Ratio {@code decode_vs_netty_http2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(Payloads.FRAMES)
@Fork(value = 3, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@State(Scope.Thread)
public class FrameDecodeBenchmark extends SuiteBenchmark {

  @Param({"0", "64", "1024", "32768"})
  public int payloadSize;

  private ByteBuffer framewireWire;
  private FrameDecoder decoder;

  private ByteBuf http2Wire;
  private DefaultHttp2FrameReader reader;
  private NettyContext netty;
  private ChannelHandlerContext ctx;
  private final DataListener listener = new DataListener();
  private final PayloadSink sink = new PayloadSink();

  /** Receives each frame's fields and payload view, the counterpart of {@link DataListener}. */
  private static final class PayloadSink implements org.framewire.frames.FrameSink {
    Blackhole bh;

    @Override
    public void frame(int requestId, int streamId, int streamFlags, int typeCode, int flags, ByteBuffer payload) {
      bh.consume(payload);
      bh.consume(requestId);
    }
  }

  /** Receives each DATA frame's payload view, as an HTTP/2 connection handler would. */
  private static final class DataListener extends Http2FrameAdapter {
    Blackhole bh;
    int frames;

    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
      frames++;
      bh.consume(data);
      return data.readableBytes() + padding;
    }
  }

  @Setup(Level.Trial)
  public void setUp(Blackhole bh) throws Exception {
    framewireWire = Payloads.framewireWire(payloadSize, Payloads.FRAMES);
    decoder = new FrameDecoder();
    http2Wire = Payloads.http2Wire(payloadSize, Payloads.FRAMES);
    reader = new DefaultHttp2FrameReader();
    reader.maxFrameSize(Math.max(payloadSize, 16384));
    netty = new NettyContext(1024);
    ctx = netty.ctx();
    listener.bh = bh;
    sink.bh = bh;
    // Both decoders see every frame.
    int ours = 0;
    decoder.feed(framewireWire.duplicate().position(0));
    for (Frame f; (f = decoder.next()) != null; ) {
      if (f.payload().remaining() != payloadSize) {
        throw new IllegalStateException("decoded " + f);
      }
      ours++;
    }
    if (decoder.decode(framewireWire.duplicate().position(0), sink) != Payloads.FRAMES) {
      throw new IllegalStateException("push path decoded a different number of frames");
    }
    netty(bh);
    if (ours != Payloads.FRAMES || listener.frames != Payloads.FRAMES) {
      throw new IllegalStateException("decoded " + ours + " and " + listener.frames + " frames");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    reader.close();
    http2Wire.release();
    netty.close();
  }

  /**
   * The push-style path {@link FrameDecoder#decode(ByteBuffer, org.framewire.frames.FrameSink)}:
   * header fields and a reused payload view reach the sink, no object per frame. This is the path
   * the ratio {@code decode_vs_netty_http2} measures (Netty's reader is push-style too: its
   * listener gets fields and a {@code ByteBuf}).
   */
  @Benchmark
  public int framewire() throws ProtocolException {
    // The same buffer fed again, as a reader refilling its one receive buffer does.
    return decoder.decode(framewireWire.position(0), sink);
  }

  /** The pull path ({@code feed}/{@code next}): one {@link Frame} object per frame. */
  @Benchmark
  public void framewirePull(Blackhole bh) throws ProtocolException {
    decoder.feed(framewireWire.duplicate().position(0));
    for (Frame f; (f = decoder.next()) != null; ) {
      bh.consume(f);
    }
  }

  @Benchmark
  public void netty(Blackhole bh) throws Http2Exception {
    http2Wire.readerIndex(0);
    reader.readFrame(ctx, http2Wire, listener);
  }
}
