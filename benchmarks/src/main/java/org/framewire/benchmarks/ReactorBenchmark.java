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
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

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
 *
 * <p><b>Same history in every fork.</b> Each fork builds its state on a fresh heap (no collection
 * is forced), and every fork, whatever {@code active} is, first builds the 32768-request session
 * and routes {@value #HISTORY_BATCHES} batches through it; a fork measuring 1 request then builds
 * its own one-request session beside it. Without that, the fork with 32768 requests had decoded
 * 32768 command requests more than the other before measuring, its compiler queue was long with
 * them, and {@code receive} ran C1-compiled code for seconds: a fork with 1 request that built the
 * same 32768 requests first was as slow (5 to 10 µs a frame on a loaded machine), which is what the
 * ratios of 13.8 and 26.6 in quick runs were. The forks run with {@code -Xbatch}: a method that
 * gets hot waits for its compilation instead of running interpreted or C1-compiled code while the
 * compiler works through the setup's backlog, which on a busy machine took longer than the whole
 * warm-up (with it, forks of either kind measured within the machine's noise of each other at a
 * load average of 36 on 2 cores; without it, 1.2 to 17.8 µs a frame). Then setup routes batches
 * until the JIT compilers have been idle for {@value JitQuiet#QUIET_MILLIS} ms (at most {@value
 * JitQuiet#SETTLE_SECONDS} s), so every fork's warm-up starts from compiled code.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ReactorBenchmark.FRAMES_PER_BATCH)
@Fork(value = 3, jvmArgsAppend = "-Xbatch")
@State(Scope.Thread)
public class ReactorBenchmark extends SuiteBenchmark {

  /** Command-data frames fed to the session in one call. */
  static final int FRAMES_PER_BATCH = 1024;

  private static final int CLIENT_STREAM = 1;

  /** Requests in flight in the session every fork builds first. */
  static final int HISTORY_ACTIVE = 32768;

  /** Batches routed through that session in every fork. */
  static final int HISTORY_BATCHES = 64;

  /**
   * Requests in flight. The bench's quick plan runs the ratio's two ends; the full plan adds 4096
   * (a working set of 4096 frames and request states, between the L1-resident one and the
   * 32768 one) to place a knee if the ratio ever shows one.
   */
  @Param({"1", "4096", "32768"})
  public int active;

  /** The order in which the frames visit the requests in flight: {@code shuffled} or {@code ascending}. */
  @Param({"shuffled", "ascending"})
  public String visit;

  private Routed routed;

  @Setup(Level.Trial)
  public void setUp() {
    if (!visit.equals("shuffled") && !visit.equals("ascending")) {
      throw new IllegalArgumentException("visit " + visit);
    }
    Routed history = build(HISTORY_ACTIVE);
    for (int i = 0; i < HISTORY_BATCHES; i++) {
      history.route();
    }
    routed = active == HISTORY_ACTIVE ? history : build(active);
    List<ServerEvent> events = routed.route();
    if (events.size() != FRAMES_PER_BATCH || !(events.get(0) instanceof ServerEvent.CommandData)) {
      throw new IllegalStateException("routed " + events.size() + " frames: " + events.get(0));
    }
    JitQuiet.settle(() -> {
      for (int i = 0; i < 64; i++) {
        routed.route();
      }
    });
  }

  /** A session with {@code count} requests in flight and the batches of command data for them. */
  private Routed build(int count) {
    ServerConfig config = ServerConfig.DEFAULTS
        .withMaxConcurrentRequests(RequestTable.ID_COUNT)
        .withMaxPartialRequests(RequestTable.ID_COUNT)
        .withDataMode(ServerConfig.DataMode.STREAM)
        .withTimeouts(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    ServerSession session = new ServerSession(config, () -> 0L);
    List<Integer> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(2 * i + 1);
    }
    byte[] request = CommandRequest.of("putdata", CborValue.MapValue.of(CborValue.bytes("key"), CborValue.bytes("x")))
        .encode();
    ByteBuffer requests = ByteBuffer.allocate(count * (8 + request.length));
    for (int id : ids) {
      Frame f = Frame.of(id, CLIENT_STREAM, id == 1 ? StreamFlags.BEGIN : 0, FrameType.COMMAND_REQUEST,
          FrameType.FLAG_NEW | FrameType.FLAG_HAVE_DATA, request);
      FrameEncoder.encode(f, requests);
    }
    List<ServerEvent> events = session.receive(requests.flip());
    if (events.size() != count || session.requestCount() != count
        || !events.stream().allMatch(e -> e instanceof ServerEvent.RunCommand)) {
      throw new IllegalStateException(session.requestCount() + " requests in flight, events " + events.subList(0, 1));
    }
    // Batches of command data that visit every request, in a shuffled or ascending order.
    int batchCount = Math.max(1, count / FRAMES_PER_BATCH);
    List<Integer> order = new ArrayList<>(batchCount * FRAMES_PER_BATCH);
    while (order.size() < batchCount * FRAMES_PER_BATCH) {
      order.addAll(ids);
    }
    if (visit.equals("shuffled")) {
      java.util.Collections.shuffle(order, new Random(7));
    }
    byte[] chunk = Payloads.payload(16);
    ByteBuffer[] batches = new ByteBuffer[batchCount];
    for (int b = 0; b < batchCount; b++) {
      ByteBuffer batch = ByteBuffer.allocate(FRAMES_PER_BATCH * (8 + chunk.length));
      for (int i = 0; i < FRAMES_PER_BATCH; i++) {
        int id = order.get(b * FRAMES_PER_BATCH + i);
        FrameEncoder.encode(
            Frame.of(id, CLIENT_STREAM, 0, FrameType.COMMAND_DATA, FrameType.FLAG_CONTINUATION, chunk), batch);
      }
      batches[b] = batch.flip().asReadOnlyBuffer();
    }
    return new Routed(session, batches);
  }

  /** A session and the batches fed to it in turn. */
  private static final class Routed {
    private final ServerSession session;
    private final ByteBuffer[] batches;
    private int next;

    Routed(ServerSession session, ByteBuffer[] batches) {
      this.session = session;
      this.batches = batches;
    }

    List<ServerEvent> route() {
      ByteBuffer batch = batches[next].duplicate();
      next = next + 1 == batches.length ? 0 : next + 1;
      return session.receive(batch);
    }
  }

  @Benchmark
  public List<ServerEvent> route() {
    return routed.route();
  }
}
