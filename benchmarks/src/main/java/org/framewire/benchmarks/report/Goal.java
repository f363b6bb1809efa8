package org.framewire.benchmarks.report;

/**
 * The ratios a bench report holds, in the order of docs/benchmarks.md, each with its goal. Every
 * key is a ratio of two measurements made side by side in one run (or, for the sizes and the
 * allocation, a deterministic or per-operation quantity).
 */
public enum Goal {
  DECODE_VS_NETTY("decode_vs_netty_http2", true, 1.0,
      "frames/s decoded, framewire FrameDecoder / Netty DefaultHttp2FrameReader, geometric mean over payload sizes"),
  ENCODE_VS_NETTY("encode_vs_netty_http2", true, 1.0,
      "frames/s encoded, framewire FrameEncoder / Netty DefaultHttp2FrameWriter, geometric mean over payload sizes"),
  ZSTD_STREAM_VS_RAW("zstd_stream_vs_raw_zstd_jni", true, 0.9,
      "bytes/s through a zstd-8mb stream (framing, flush per response) / zstd-jni streaming alone"),
  CONTEXT_SPAN_ZSTD("context_span_gain_zstd", true, 1.4,
      "zstd-8mb: encoded size with one context per request / with one context for all requests"),
  CONTEXT_SPAN_ZLIB("context_span_gain_zlib", true, 1.4,
      "zlib: encoded size with one context per request / with one context for all requests"),
  REACTOR_32K_VS_1("reactor_32k_vs_1_active", false, 1.5, Rounds.EVERY,
      "ns per frame routed by the server session, 32768 requests in flight / 1"),
  PARALLEL_2_VS_1("parallel_streams_2_vs_1", true, 1.6,
      "zstd-8mb throughput, 2 streams on 2 threads / 1 stream on 1 thread"),
  ALLOC_PER_IDENTITY_FRAME("alloc_bytes_per_identity_frame", false, 0.0,
      "heap bytes allocated per identity frame decoded and re-encoded (gc.alloc.rate.norm)"),
  VS_MERCURIAL_DECODE("vs_mercurial_decode", true, 30.0,
      "frames/s decoded, framewire / Mercurial 6.3.2 (Python), geometric mean over payload sizes"),
  VS_MERCURIAL_SESSION("vs_mercurial_session", true, 20.0,
      "request+response cycles/s, framewire sessions / Mercurial reactors (Python)"),
  NETTY_VS_NIO_REQUESTS("netty_vs_nio_requests", true, 0.8,
      "echo requests/s over loopback TCP, Netty host (FramewireServerHandler) / NIO host (TcpServer), same RawClient"),
  SERVLET_VS_NIO_REQUESTS("servlet_vs_nio_requests", true, 0.5,
      "echo requests/s over loopback HTTP, servlet host (FramewireServlet in Tomcat) / NIO host (HttpApiServer), same HttpApiClient"),
  CONNECTIONS_10K_VS_1("connections_10k_vs_1", false, 1.5, Rounds.EVERY,
      "ns per echo round trip on one active connection to the NIO host, 10000 connections open / 1"),
  IDLE_CONNECTION_BYTES("idle_connection_heap_bytes", false, 16384,
      "heap + direct bytes the NIO host holds per idle connection (the Netty host's beside it in details)"),
  RPC_RATE_VS_GRPC("rpc_rate_vs_grpc", true, 1.0,
      "requests/s over loopback, framewire (NIO host, zstd-8mb) / gRPC-java (Netty, gzip), 16 in flight, the corpus"),
  RPC_WIRE_BYTES("rpc_wire_bytes_grpc_vs_framewire", true, 2.0,
      "bytes on the socket both ways for the corpus' 1000 requests, gRPC-java (gzip) / framewire (zstd-8mb)"),
  MULTI_EVENT_10K_VS_1("multi_event_10k_vs_1", false, 1.5, Rounds.EVERY,
      "ns per event (one request read, its answer written, its timer moved) on a SessionMulti, 10000 sessions / 1"),
  FLUSH_COST_BYTES("flush_cost_bytes", false, 1.5,
      "zstd-8mb: wire bytes of a 1000-value response flushed after every value / flushed once");

  /** Which value of a per-round ratio its goal is judged on. */
  public enum Rounds {
    /** The median over rounds. */
    MEDIAN,
    /** The worst round: the goal must hold in every round (a cost that must stay flat). */
    EVERY
  }

  private final String key;
  private final boolean atLeast;
  private final double target;
  private final Rounds judged;
  private final String meaning;

  Goal(String key, boolean atLeast, double target, String meaning) {
    this(key, atLeast, target, Rounds.MEDIAN, meaning);
  }

  Goal(String key, boolean atLeast, double target, Rounds judged, String meaning) {
    this.key = key;
    this.atLeast = atLeast;
    this.target = target;
    this.judged = judged;
    this.meaning = meaning;
  }

  /** Whether the goal is judged on the worst round rather than on the median. */
  public boolean everyRound() {
    return judged == Rounds.EVERY;
  }

  /** The worse of two values of this ratio (NaN ignored unless both are). */
  public double worse(double a, double b) {
    if (Double.isNaN(a)) {
      return b;
    }
    if (Double.isNaN(b)) {
      return a;
    }
    return atLeast ? Math.min(a, b) : Math.max(a, b);
  }

  /** The key in the report's {@code ratios} object. */
  public String key() {
    return key;
  }

  /** What the ratio measures. */
  public String meaning() {
    return meaning;
  }

  /** The goal as text: {@code >= 1.0}, {@code <= 1.5}. */
  public String goalText() {
    return (atLeast ? ">= " : "<= ") + Format.number(target);
  }

  /** Whether {@code value} meets the goal; false for NaN. */
  public boolean met(double value) {
    return atLeast ? value >= target : value <= target;
  }

  /** The goal's target value. */
  public double target() {
    return target;
  }

  /** True when larger values are better. */
  public boolean atLeast() {
    return atLeast;
  }
}
