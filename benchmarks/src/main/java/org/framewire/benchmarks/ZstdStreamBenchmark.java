package org.framewire.benchmarks;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.framewire.streams.encoding.ZstdProfile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Responses per second through zstd-8mb (SPEC.md §4.2): framewire's stream — {@link
 * ResponseEmitter}-built command-response frames on one {@code OutboundStream} whose context spans
 * the responses, flushed at the end of each — against zstd-jni's streaming compression of the same
 * bytes (status map, then value, {@code ZSTD_e_flush} per response) with the same parameters
 * (level 3, window log 21, no checksum) into a reused buffer. An operation is one {@link Corpus}
 * response (about 1 KB); bytes per second are operations times the corpus' mean response size.
 * Ratio {@code zstd_stream_vs_raw_zstd_jni}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(Corpus.RESPONSES)
@State(Scope.Thread)
public class ZstdStreamBenchmark extends SuiteBenchmark {

  private ResponseWorkload framewire;

  private ZstdCompressCtx cctx;
  private ByteBuffer[] responses;
  private final ByteBuffer status = ByteBuffer.wrap(Corpus.OK_STATUS);
  private final ByteBuffer out = ByteBuffer.allocate(64 * 1024);

  @Setup(Level.Trial)
  public void setUp() {
    framewire = new ResponseWorkload(ZstdProfile.DEFAULT);
    cctx = new ZstdCompressCtx();
    cctx.setLevel(ZstdProfile.DEFAULT.level()).setWindowLog(ZstdProfile.DEFAULT.windowLog()).setChecksum(false);
    List<byte[]> corpus = Corpus.responses();
    responses = new ByteBuffer[corpus.size()];
    for (int i = 0; i < responses.length; i++) {
      responses[i] = ByteBuffer.wrap(corpus.get(i));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    framewire.close();
    cctx.close();
  }

  @Benchmark
  public long framewire() {
    for (int i = 0; i < Corpus.RESPONSES; i++) {
      framewire.respond();
    }
    return framewire.payloadBytes();
  }

  @Benchmark
  public long zstdJni() {
    long produced = 0;
    for (ByteBuffer r : responses) {
      out.clear();
      cctx.compressByteBufferStream(out, status.clear(), EndDirective.CONTINUE);
      r.clear();
      while (!cctx.compressByteBufferStream(out, r, EndDirective.FLUSH)) {
        produced += out.position();
        out.clear();
      }
      produced += out.position();
    }
    return produced;
  }
}
