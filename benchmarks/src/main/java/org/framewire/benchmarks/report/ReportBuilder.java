package org.framewire.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.framewire.benchmarks.CompressionSizes;
import org.framewire.benchmarks.Corpus;
import org.framewire.benchmarks.IdleConnectionCost;
import org.framewire.benchmarks.Payloads;
import org.framewire.benchmarks.WireBytes;

/**
 * Computes the report's {@code ratios}, {@code goals}, {@code details} and {@code notes} from the
 * JMH rounds, the compression sizes and Mercurial's baseline.
 *
 * <p>A JMH-based ratio is computed within each round — numerator and denominator measured minutes
 * apart in the same run — and reported as the median over rounds (each round's value is kept in
 * {@code details.rounds}). A ratio over payload sizes is the geometric mean of the per-size ratios.
 * Mercurial is measured once per run; its ratios divide framewire's median score by Mercurial's
 * median rate. A ratio whose inputs are missing (a benchmark left out with {@code --include}, no
 * Mercurial) is {@code null}, with a note saying why.
 */
public final class ReportBuilder {

  static final String DECODE = "FrameDecodeBenchmark";
  static final String ENCODE = "FrameEncodeBenchmark";
  static final String ZSTD = "ZstdStreamBenchmark";
  static final String REACTOR = "ReactorBenchmark.route";
  static final String PARALLEL = "ParallelStreamsBenchmark";
  static final String RELAY = "IdentityFrameBenchmark.relay";
  static final String CYCLE = "SessionCycleBenchmark.cycle";
  static final String[] ACTIVE = {"1", "32768"};
  static final String HOSTS = "LoopbackHostsBenchmark.requests";
  static final String CONNECTIONS = "ConnectionsBenchmark.roundTrip";
  static final String RPC = "RpcVsGrpcBenchmark.requests";
  static final String MULTI = "SessionMultiBenchmark.event";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final List<Map<String, Score>> rounds = new ArrayList<>();
  private final Map<String, CompressionSizes.Sizes> sizes;
  private final MercurialBaseline.Outcome mercurial;
  private final List<String> notes = new ArrayList<>();
  private Map<String, WireBytes.Count> wire = Map.of();
  private Map<String, IdleConnectionCost.Cost> idle = Map.of();
  /** The worst round of each per-round ratio, by goal ordinal; NaN for the others. */
  private final double[] worst = new double[Goal.values().length];

  /**
   * @param rounds the scores of each JMH round
   * @param sizes compression sizes by profile name ({@code zstd-8mb}, {@code zlib}); empty when not measured
   * @param mercurial the baseline's outcome
   */
  public ReportBuilder(List<List<Score>> rounds, Map<String, CompressionSizes.Sizes> sizes,
      MercurialBaseline.Outcome mercurial) {
    for (List<Score> round : rounds) {
      Map<String, Score> byKey = new HashMap<>();
      for (Score s : round) {
        byKey.put(s.key(), s);
      }
      this.rounds.add(byKey);
    }
    this.sizes = Map.copyOf(sizes);
    this.mercurial = mercurial;
  }

  /**
   * Adds the measurements made once per run outside JMH: bytes on the socket per RPC stack ({@link
   * WireBytes}) and memory per idle connection per host ({@link IdleConnectionCost}); empty maps
   * when not measured.
   */
  public ReportBuilder withConnectionMeasurements(Map<String, WireBytes.Count> wire,
      Map<String, IdleConnectionCost.Cost> idle) {
    this.wire = Map.copyOf(wire);
    this.idle = Map.copyOf(idle);
    return this;
  }

  /** An object with {@code ratios}, {@code goals}, {@code details} and {@code notes}. */
  public ObjectNode build() {
    ObjectNode details = JSON.objectNode();
    ObjectNode roundValues = details.putObject("rounds");
    double[] values = new double[Goal.values().length];
    Arrays.fill(values, Double.NaN);
    Arrays.fill(worst, Double.NaN);

    values[Goal.DECODE_VS_NETTY.ordinal()] = perRound(Goal.DECODE_VS_NETTY, roundValues,
        r -> geomeanOverSizes(r, DECODE + ".framewire", DECODE + ".netty"));
    values[Goal.ENCODE_VS_NETTY.ordinal()] = perRound(Goal.ENCODE_VS_NETTY, roundValues,
        r -> geomeanOverSizes(r, ENCODE + ".framewire", ENCODE + ".netty"));
    values[Goal.ZSTD_STREAM_VS_RAW.ordinal()] = perRound(Goal.ZSTD_STREAM_VS_RAW, roundValues,
        r -> score(r, ZSTD + ".framewire") / score(r, ZSTD + ".zstdJni"));
    values[Goal.REACTOR_32K_VS_1.ordinal()] = perRound(Goal.REACTOR_32K_VS_1, roundValues,
        r -> score(r, active(ACTIVE[1])) / score(r, active(ACTIVE[0])));
    values[Goal.PARALLEL_2_VS_1.ordinal()] = perRound(Goal.PARALLEL_2_VS_1, roundValues,
        r -> score(r, PARALLEL + ".twoStreams") / score(r, PARALLEL + ".oneStream"));
    values[Goal.ALLOC_PER_IDENTITY_FRAME.ordinal()] = perRound(Goal.ALLOC_PER_IDENTITY_FRAME, roundValues,
        r -> wholeBytes(alloc(r, RELAY)));

    values[Goal.NETTY_VS_NIO_REQUESTS.ordinal()] = perRound(Goal.NETTY_VS_NIO_REQUESTS, roundValues,
        r -> score(r, host("netty")) / score(r, host("nio")));
    values[Goal.SERVLET_VS_NIO_REQUESTS.ordinal()] = perRound(Goal.SERVLET_VS_NIO_REQUESTS, roundValues,
        r -> score(r, host("servlet")) / score(r, host("nio_http")));

    values[Goal.CONNECTIONS_10K_VS_1.ordinal()] = perRound(Goal.CONNECTIONS_10K_VS_1, roundValues,
        r -> score(r, connections("10000")) / score(r, connections("1")));
    values[Goal.RPC_RATE_VS_GRPC.ordinal()] = perRound(Goal.RPC_RATE_VS_GRPC, roundValues,
        r -> score(r, rpc("framewire_zstd")) / score(r, rpc("grpc_gzip")));
    values[Goal.RPC_WIRE_BYTES.ordinal()] = wire.containsKey("grpc_gzip") && wire.containsKey("framewire_zstd")
        ? (double) wire.get("grpc_gzip").total() / wire.get("framewire_zstd").total() : Double.NaN;
    values[Goal.IDLE_CONNECTION_BYTES.ordinal()] = idle.containsKey("nio") ? idle.get("nio").total() : Double.NaN;
    values[Goal.MULTI_EVENT_10K_VS_1.ordinal()] = perRound(Goal.MULTI_EVENT_10K_VS_1, roundValues,
        r -> score(r, multi("10000")) / score(r, multi("1")));
    if (wire.isEmpty()) {
      notes.add("bytes on the socket not measured: rpc_wire_bytes_grpc_vs_framewire is null");
    }
    if (idle.isEmpty()) {
      notes.add("memory per idle connection not measured: idle_connection_heap_bytes is null");
    }

    CompressionSizes.Sizes zstd = sizes.get("zstd-8mb");
    CompressionSizes.Sizes zlib = sizes.get("zlib");
    values[Goal.CONTEXT_SPAN_ZSTD.ordinal()] = zstd == null ? Double.NaN : zstd.contextSpanGain();
    values[Goal.CONTEXT_SPAN_ZLIB.ordinal()] = zlib == null ? Double.NaN : zlib.contextSpanGain();
    values[Goal.FLUSH_COST_BYTES.ordinal()] = zstd == null ? Double.NaN : zstd.flushCost();
    if (sizes.isEmpty()) {
      notes.add("compression sizes not measured: context_span_gain_* and flush_cost_bytes are null");
    }

    JsonNode hg = mercurial instanceof MercurialBaseline.Outcome.Measured m ? m.result() : null;
    if (mercurial instanceof MercurialBaseline.Outcome.Skipped s) {
      notes.add("Mercurial baseline skipped: " + s.reason() + "; vs_mercurial_* are null");
    }
    if (hg != null) {
      double[] perSize = new double[Payloads.SIZES.length];
      for (int i = 0; i < perSize.length; i++) {
        String size = Payloads.SIZES[i];
        perSize[i] = median(DECODE + ".framewire[payloadSize=" + size + "]")
            / hg.path("decode").path(size).path("frames_per_second").asDouble(Double.NaN);
      }
      values[Goal.VS_MERCURIAL_DECODE.ordinal()] = geomean(perSize);
      values[Goal.VS_MERCURIAL_SESSION.ordinal()] =
          median(CYCLE) / hg.path("session").path("cycles_per_second").asDouble(Double.NaN);
    }

    ObjectNode ratios = JSON.objectNode();
    ObjectNode goals = JSON.objectNode();
    for (Goal g : Goal.values()) {
      double v = values[g.ordinal()];
      put(ratios, g.key(), v);
      ObjectNode goal = goals.putObject(g.key());
      goal.put("goal", g.goalText());
      goal.put("meaning", g.meaning());
      if (!Double.isNaN(worst[g.ordinal()])) {
        put(goal, "worst_round", worst[g.ordinal()]);
      }
      if (g.everyRound()) {
        goal.put("judged_on", "every round");
      }
      if (Double.isNaN(v)) {
        goal.putNull("met");
        boolean explained = (g.key().startsWith("vs_mercurial") && hg == null)
            || ((g.key().startsWith("context_span") || g == Goal.FLUSH_COST_BYTES) && sizes.isEmpty())
            || (g == Goal.RPC_WIRE_BYTES && wire.isEmpty()) || (g == Goal.IDLE_CONNECTION_BYTES && idle.isEmpty());
        if (!explained) {
          notes.add(g.key() + " is null: its benchmarks were not run");
        }
      } else {
        goal.put("met", g.met(g.everyRound() && !Double.isNaN(worst[g.ordinal()]) ? worst[g.ordinal()] : v));
      }
    }

    details(details, hg, zstd, zlib);
    ObjectNode out = JSON.objectNode();
    out.set("ratios", ratios);
    out.set("goals", goals);
    out.set("details", details);
    ArrayNode n = out.putArray("notes");
    notes.forEach(n::add);
    return out;
  }

  private void details(ObjectNode d, JsonNode hg, CompressionSizes.Sizes zstd, CompressionSizes.Sizes zlib) {
    ObjectNode decode = d.putObject("decode_frames_per_second");
    ObjectNode decodeRatio = d.putObject("decode_ratio_by_size");
    ObjectNode encode = d.putObject("encode_frames_per_second");
    ObjectNode encodeRatio = d.putObject("encode_ratio_by_size");
    for (String size : Payloads.SIZES) {
      String p = "[payloadSize=" + size + "]";
      put(obj(decode, "framewire"), size, median(DECODE + ".framewire" + p));
      put(obj(decode, "netty_http2"), size, median(DECODE + ".netty" + p));
      if (hg != null) {
        put(obj(decode, "mercurial"), size, hg.path("decode").path(size).path("frames_per_second").asDouble(Double.NaN));
        put(obj(decodeRatio, "vs_mercurial"), size,
            median(DECODE + ".framewire" + p) / hg.path("decode").path(size).path("frames_per_second").asDouble(Double.NaN));
      }
      put(obj(decodeRatio, "vs_netty_http2"), size,
          medianOf(r -> score(r, DECODE + ".framewire" + p) / score(r, DECODE + ".netty" + p)));
      put(obj(encode, "framewire"), size, median(ENCODE + ".framewire" + p));
      put(obj(encode, "netty_http2"), size, median(ENCODE + ".netty" + p));
      put(obj(encodeRatio, "vs_netty_http2"), size,
          medianOf(r -> score(r, ENCODE + ".framewire" + p) / score(r, ENCODE + ".netty" + p)));
    }

    ObjectNode z = d.putObject("zstd_stream");
    double inputPerResponse = (double) Corpus.totalBytes() / Corpus.RESPONSES + Corpus.OK_STATUS.length;
    z.put("input_bytes_per_response", inputPerResponse);
    put(z, "framewire_responses_per_second", median(ZSTD + ".framewire"));
    put(z, "zstd_jni_responses_per_second", median(ZSTD + ".zstdJni"));
    put(z, "framewire_bytes_per_second", median(ZSTD + ".framewire") * inputPerResponse);
    put(z, "zstd_jni_bytes_per_second", median(ZSTD + ".zstdJni") * inputPerResponse);

    ObjectNode c = d.putObject("compressed_sizes");
    c.put("responses", Corpus.RESPONSES);
    c.put("corpus_bytes", Corpus.totalBytes());
    sizes(c, "zstd-8mb", zstd);
    sizes(c, "zlib", zlib);

    ObjectNode reactor = d.putObject("reactor_ns_per_frame");
    for (String visit : new String[] {"shuffled", "ascending"}) {
      for (String a : ACTIVE) {
        put(obj(reactor, visit), a, median(active(a, visit)));
      }
    }
    put(reactor, "ascending_32k_vs_1", medianOf(r -> score(r, active(ACTIVE[1], "ascending")) / score(r, active(ACTIVE[0], "ascending"))));
    ObjectNode parallel = d.putObject("parallel_streams_responses_per_second");
    put(parallel, "1_thread", median(PARALLEL + ".oneStream"));
    put(parallel, "2_threads", median(PARALLEL + ".twoStreams"));

    ObjectNode hosts = d.putObject("loopback_requests_per_second");
    for (String h : new String[] {"nio", "netty", "nio_http", "servlet"}) {
      put(hosts, h, median(host(h)) * org.framewire.benchmarks.LoopbackHostsBenchmark.REQUESTS_PER_OP);
    }

    ObjectNode tls = d.putObject("tls_cost_ratio"); // TlsCostBenchmark: with TLS / without, per host and workload
    for (String h : new String[] {"nio", "netty"}) {
      for (String op : new String[] {"requests", "bytes"}) {
        String key = "TlsCostBenchmark." + op + "[host=" + h;
        put(tls, h + "_" + op, medianOf(r -> score(r, key + "_tls]") / score(r, key + "]")));
      }
    }

    ObjectNode conn = d.putObject("connections_ns_per_round_trip");
    for (String n : new String[] {"1", "10000"}) {
      put(conn, n, median(connections(n)));
    }
    ObjectNode multi = d.putObject("multi_ns_per_event");
    for (String n : new String[] {"1", "10000"}) {
      put(multi, n, median(multi(n)));
    }
    ObjectNode rpc = d.putObject("rpc_requests_per_second");
    for (String stack : RPC_STACKS) {
      put(rpc, stack, median(rpc(stack)));
    }
    put(d, "rpc_rate_vs_grpc_uncompressed",
        medianOf(r -> score(r, rpc("framewire_identity")) / score(r, rpc("grpc_identity"))));
    if (!wire.isEmpty()) {
      ObjectNode w = d.putObject("rpc_wire_bytes");
      for (String stack : RPC_STACKS) {
        WireBytes.Count count = wire.get(stack);
        if (count != null) {
          w.putObject(stack).put("up", count.up()).put("down", count.down()).put("total", count.total());
        }
      }
      if (wire.containsKey("grpc_identity") && wire.containsKey("framewire_identity")) {
        put(d, "rpc_wire_bytes_grpc_vs_framewire_uncompressed",
            (double) wire.get("grpc_identity").total() / wire.get("framewire_identity").total());
      }
    }
    if (!idle.isEmpty()) {
      ObjectNode i = d.putObject("idle_connection_bytes");
      i.put("connections", IdleConnectionCost.CONNECTIONS);
      idle.forEach((host, cost) -> {
        ObjectNode h = i.putObject(host);
        put(h, "heap", cost.heapBytes());
        put(h, "direct", cost.directBytes());
        put(h, "total", cost.total());
      });
    }

    ObjectNode session = d.putObject("session_cycles_per_second");
    put(session, "framewire", median(CYCLE));
    if (hg != null) {
      put(session, "mercurial", hg.path("session").path("cycles_per_second").asDouble(Double.NaN));
    }

    ObjectNode alloc = d.putObject("alloc_bytes_per_op");
    java.util.TreeSet<String> keys = new java.util.TreeSet<>();
    rounds.forEach(r -> keys.addAll(r.keySet()));
    for (String k : keys) {
      put(alloc, k, medianOf(r -> alloc(r, k)));
    }
    ObjectNode scores = d.putObject("scores");
    for (String k : keys) {
      ObjectNode s = scores.putObject(k);
      Score any = rounds.stream().map(r -> r.get(k)).filter(x -> x != null).findFirst().orElseThrow();
      s.put("unit", any.unit());
      put(s, "median", median(k));
      ArrayNode each = s.putArray("rounds");
      for (Map<String, Score> r : rounds) {
        Score x = r.get(k);
        if (x == null) {
          each.addNull();
        } else {
          each.add(x.score());
        }
      }
    }
  }

  private static void sizes(ObjectNode c, String name, CompressionSizes.Sizes s) {
    if (s == null) {
      return;
    }
    ObjectNode o = c.putObject(name);
    o.put("identity", s.identity());
    o.put("per_frame", s.perFrame());
    o.put("per_request", s.perRequest());
    o.put("one_stream", s.oneStream());
    put(o, "per_request_vs_one_stream", s.contextSpanGain());
    put(o, "per_frame_vs_one_stream", s.perFrameVsOneStream());
    if (s.flushOnce() > 0) {
      o.put("flush_each_value", s.flushEachValue());
      o.put("flush_once", s.flushOnce());
      put(o, "flush_cost_bytes", s.flushCost());
    }
  }

  private static String active(String n) {
    return active(n, "shuffled");
  }

  private static String active(String n, String visit) {
    return REACTOR + "[active=" + n + ",visit=" + visit + "]";
  }

  /**
   * The per-round values of {@code g}, recorded under {@code details.rounds}, and the worst of them
   * (reported beside the median as the goal's {@code worst_round}); returns their median.
   */
  private double perRound(Goal g, ObjectNode roundValues, ToDoubleFunction<Map<String, Score>> f) {
    ArrayNode each = roundValues.putArray(g.key());
    for (Map<String, Score> r : rounds) {
      double v = f.applyAsDouble(r);
      worst[g.ordinal()] = g.worse(worst[g.ordinal()], v);
      if (Double.isNaN(v)) {
        each.addNull();
      } else {
        each.add(v);
      }
    }
    return medianOf(f);
  }

  private double medianOf(ToDoubleFunction<Map<String, Score>> f) {
    return median(rounds.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).toArray());
  }

  /** The median over rounds of benchmark {@code key}'s score; NaN when it was not run. */
  double median(String key) {
    return medianOf(r -> score(r, key));
  }

  private static double geomeanOverSizes(Map<String, Score> r, String ours, String theirs) {
    double[] ratios = new double[Payloads.SIZES.length];
    for (int i = 0; i < ratios.length; i++) {
      String p = "[payloadSize=" + Payloads.SIZES[i] + "]";
      ratios[i] = score(r, ours + p) / score(r, theirs + p);
    }
    return geomean(ratios);
  }

  private static double score(Map<String, Score> r, String key) {
    Score s = r.get(key);
    return s == null ? Double.NaN : s.score();
  }

  /**
   * A gc.alloc.rate.norm figure rounded to whole bytes: the JVM allocates in multiples of 8 bytes,
   * so a real per-frame allocation is at least 16 B, while a fraction of a byte is JMH's own
   * per-iteration bookkeeping spread over millions of operations. The unrounded figure stays in
   * {@code details.alloc_bytes_per_op}.
   */
  static double wholeBytes(double bytesPerOp) {
    return Double.isNaN(bytesPerOp) ? bytesPerOp : Math.round(bytesPerOp);
  }

  private static double alloc(Map<String, Score> r, String key) {
    Score s = r.get(key);
    return s == null ? Double.NaN : s.allocBytesPerOp();
  }

  /** The geometric mean; NaN when any value is NaN or not positive. */
  static double geomean(double[] values) {
    double logSum = 0;
    for (double v : values) {
      if (!(v > 0)) {
        return Double.NaN;
      }
      logSum += Math.log(v);
    }
    return values.length == 0 ? Double.NaN : Math.exp(logSum / values.length);
  }

  /** The median; NaN for no values. */
  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  /** The object {@code o.name}, created when absent. */
  private static ObjectNode obj(ObjectNode o, String name) {
    JsonNode n = o.get(name);
    return n instanceof ObjectNode existing ? existing : o.putObject(name);
  }

  private static void put(ObjectNode o, String key, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      o.putNull(key);
    } else {
      o.put(key, v);
    }
  }

  static final String[] RPC_STACKS = {"framewire_zstd", "grpc_gzip", "framewire_identity", "grpc_identity"};

  /** The score key of the multi handle's benchmark for {@code n} sessions. */
  static String multi(String n) {
    return MULTI + "[sessions=" + n + "]";
  }

  /** The score key of the connections benchmark for {@code n} open connections. */
  static String connections(String n) {
    return CONNECTIONS + "[connections=" + n + "]";
  }

  /** The score key of the RPC benchmark for one stack. */
  static String rpc(String stack) {
    return RPC + "[stack=" + stack + "]";
  }

  /** The score key of the loopback benchmark for one host. */
  static String host(String host) {
    return HOSTS + "[host=" + host + "]";
  }
}
