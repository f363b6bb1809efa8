package org.framewire.benchmarks;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameEncoder;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.session.RequestTable;
import org.framewire.session.ServerConfig;
import org.framewire.session.ServerEvent;
import org.framewire.session.ServerSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per frame routed by a {@link ServerSession} (SPEC.md §6.5) with 1 request in flight
 * and with 32768 — every odd request id — in flight. Each request was sent with {@code have-data}
 * and the server streams command data ({@link ServerConfig.DataMode#STREAM}), so every request
 * stays in flight; the measured work is {@link ServerSession#receive(ByteBuffer)} of {@value
 * #FRAMES_PER_BATCH} command-data frames (16-byte payloads, {@code continuation}), decoded, checked
 * and routed by request id to a {@link ServerEvent.CommandData} event each. With 32768 in flight
 * the frames of successive batches visit every request once per 32 batches, either in a shuffled
 * order ({@code visit=shuffled}: frames of many requests interleaved at random, the worst case for
 * caches) or in increasing request id ({@code visit=ascending}). Ratio {@code
 * reactor_32k_vs_1_active} = ns/frame at 32768 / ns/frame at 1, both shuffled; the ascending run
 * separates the cost of the data structures from the cost of cache misses.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ReactorBenchmark.FRAMES_PER_BATCH)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Thread)
public class ReactorBenchmark {

  /** Command-data frames fed to the session in one call. */
  static final int FRAMES_PER_BATCH = 1024;

  private static final int CLIENT_STREAM = 1;

  /** Requests in flight. */
  @Param({"1", "32768"})
  public int active;

  /** The order in which the frames visit the requests in flight: {@code shuffled} or {@code ascending}. */
  @Param({"shuffled", "ascending"})
  public String visit;

  private ServerSession session;
  private ByteBuffer[] batches;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    ServerConfig config = ServerConfig.DEFAULTS
        .withMaxConcurrentRequests(RequestTable.ID_COUNT)
        .withMaxPartialRequests(RequestTable.ID_COUNT)
        .withDataMode(ServerConfig.DataMode.STREAM)
        .withTimeouts(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    session = new ServerSession(config, () -> 0L);
    List<Integer> ids = new ArrayList<>(active);
    for (int i = 0; i < active; i++) {
      ids.add(2 * i + 1);
    }
    byte[] request = CommandRequest.of("putdata", CborValue.MapValue.of(CborValue.bytes("key"), CborValue.bytes("x")))
        .encode();
    ByteBuffer requests = ByteBuffer.allocate(active * (8 + request.length));
    for (int id : ids) {
      Frame f = Frame.of(id, CLIENT_STREAM, id == 1 ? StreamFlags.BEGIN : 0, FrameType.COMMAND_REQUEST,
          FrameType.FLAG_NEW | FrameType.FLAG_HAVE_DATA, request);
      FrameEncoder.encode(f, requests);
    }
    List<ServerEvent> events = session.receive(requests.flip());
    if (events.size() != active || session.requestCount() != active
        || !events.stream().allMatch(e -> e instanceof ServerEvent.RunCommand)) {
      throw new IllegalStateException(session.requestCount() + " requests in flight, events " + events.subList(0, 1));
    }
    // Batches of command data that visit every request, in a shuffled order.
    int batchCount = Math.max(1, active / FRAMES_PER_BATCH);
    List<Integer> order = new ArrayList<>(batchCount * FRAMES_PER_BATCH);
    while (order.size() < batchCount * FRAMES_PER_BATCH) {
      order.addAll(ids);
    }
    if (visit.equals("shuffled")) {
      java.util.Collections.shuffle(order, new Random(7));
    } else if (!visit.equals("ascending")) {
      throw new IllegalArgumentException("visit " + visit);
    }
    byte[] chunk = Payloads.payload(16);
    batches = new ByteBuffer[batchCount];
    for (int b = 0; b < batchCount; b++) {
      ByteBuffer batch = ByteBuffer.allocate(FRAMES_PER_BATCH * (8 + chunk.length));
      for (int i = 0; i < FRAMES_PER_BATCH; i++) {
        int id = order.get(b * FRAMES_PER_BATCH + i);
        FrameEncoder.encode(
            Frame.of(id, CLIENT_STREAM, 0, FrameType.COMMAND_DATA, FrameType.FLAG_CONTINUATION, chunk), batch);
      }
      batches[b] = batch.flip().asReadOnlyBuffer();
    }
    List<ServerEvent> routed = route();
    if (routed.size() != FRAMES_PER_BATCH || !(routed.get(0) instanceof ServerEvent.CommandData)) {
      throw new IllegalStateException("routed " + routed.size() + " frames: " + routed.get(0));
    }
  }

  @Benchmark
  public List<ServerEvent> route() {
    ByteBuffer batch = batches[next].duplicate();
    next = next + 1 == batches.length ? 0 : next + 1;
    return session.receive(batch);
  }
}
