package org.framewire.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameEncoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameSink;
import org.framewire.spec.ProtocolException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-frame cost of an identity (unencoded) frame passing through the frame layer: decoded
 * from received bytes by {@link FrameDecoder} and written into a send buffer by {@link
 * FrameEncoder} — a relay's work per frame. Run with JMH's gc profiler, whose {@code
 * gc.alloc.rate.norm} gives the heap bytes allocated per frame in steady state: ratio {@code
 * alloc_bytes_per_identity_frame}. 1024-byte payloads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(Payloads.FRAMES)
@State(Scope.Thread)
public class IdentityFrameBenchmark extends SuiteBenchmark {

  private ByteBuffer received;
  private final FrameDecoder decoder = new FrameDecoder();
  private final ByteBuffer send = ByteBuffer.allocate(64 * 1024);
  private final FrameSink sink = (requestId, streamId, streamFlags, typeCode, flags, payload) -> {
    ByteBuffer dst = send;
    if (dst.remaining() < FrameHeader.SIZE + payload.remaining()) {
      dst.clear();
    }
    FrameEncoder.encode(requestId, streamId, streamFlags, typeCode, flags, payload, dst);
  };

  @Setup(Level.Trial)
  public void setUp() throws ProtocolException {
    received = Payloads.framewireWire(1024, Payloads.FRAMES);
    if (relay() != Payloads.FRAMES || relayPull() != Payloads.FRAMES) {
      throw new IllegalStateException("relay lost frames");
    }
  }

  /**
   * The relay on the push path: {@link FrameDecoder#decode(ByteBuffer, FrameSink)} into {@link
   * FrameEncoder#encode(int, int, int, int, int, ByteBuffer, ByteBuffer)}; no object per frame.
   * Ratio {@code alloc_bytes_per_identity_frame}.
   */
  @Benchmark
  public int relay() throws ProtocolException {
    // The same buffer fed again, as a reader refilling its one receive buffer does.
    return decoder.decode(received.position(0), sink);
  }

  /** The same relay on the pull path ({@code next()} and {@link Frame} objects), for comparison. */
  @Benchmark
  public int relayPull() throws ProtocolException {
    FrameDecoder d = decoder;
    ByteBuffer dst = send;
    d.feed(received.duplicate().position(0));
    int n = 0;
    for (Frame f; (f = d.next()) != null; n++) {
      if (dst.remaining() < FrameEncoder.encodedSize(f)) {
        dst.clear();
      }
      FrameEncoder.encode(f, dst);
    }
    return n;
  }
}
