package org.framewire.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.framewire.benchmarks.CompressionSizes;
import org.framewire.benchmarks.Payloads;
import org.junit.jupiter.api.Test;

/** Ratios from synthetic scores: which inputs each ratio takes, per-round medians, geometric means, nulls and notes. */
class ReportBuilderTest {

  private static Score s(String benchmark, double score) {
    return new Score(benchmark, Map.of(), "thrpt", score, Double.NaN, "ops/s", Double.NaN);
  }

  private static Score s(String benchmark, String param, String value, double score) {
    return new Score(benchmark, Map.of(param, value), "thrpt", score, Double.NaN, "ops/s", Double.NaN);
  }

  /** A complete round in which framewire is {@code factor} times its baseline everywhere. */
  static List<Score> round(double factor) {
    List<Score> r = new ArrayList<>();
    for (String size : Payloads.SIZES) {
      r.add(s("FrameDecodeBenchmark.framewire", "payloadSize", size, 100 * factor));
      r.add(s("FrameDecodeBenchmark.netty", "payloadSize", size, 100));
      r.add(s("FrameEncodeBenchmark.framewire", "payloadSize", size, 50 * factor));
      r.add(s("FrameEncodeBenchmark.netty", "payloadSize", size, 50));
    }
    r.add(s("ZstdStreamBenchmark.framewire", 90 * factor));
    r.add(s("ZstdStreamBenchmark.zstdJni", 100));
    for (String visit : new String[] {"shuffled", "ascending"}) {
      r.add(new Score("ReactorBenchmark.route", Map.of("active", "1", "visit", visit), "avgt", 100, 1, "ns/op", 0));
      r.add(new Score("ReactorBenchmark.route", Map.of("active", "32768", "visit", visit), "avgt",
          visit.equals("shuffled") ? 120 * factor : 105, 1, "ns/op", 0));
    }
    r.add(s("ParallelStreamsBenchmark.oneStream", 1000));
    r.add(s("ParallelStreamsBenchmark.twoStreams", 1800 * factor));
    r.add(new Score("IdentityFrameBenchmark.relay", Map.of(), "thrpt", 1e6, 1, "ops/s", 24 * factor));
    r.add(s("SessionCycleBenchmark.cycle", 1000 * factor));
    r.add(s("LoopbackHostsBenchmark.requests", "host", "nio", 1000));
    r.add(s("LoopbackHostsBenchmark.requests", "host", "netty", 900 * factor));
    r.add(s("LoopbackHostsBenchmark.requests", "host", "nio_http", 100));
    r.add(s("LoopbackHostsBenchmark.requests", "host", "servlet", 80 * factor));
    r.add(new Score("ConnectionsBenchmark.roundTrip", Map.of("connections", "1"), "avgt", 20_000, 1, "ns/op", 0));
    r.add(new Score("ConnectionsBenchmark.roundTrip", Map.of("connections", "10000"), "avgt", 22_000 * factor, 1,
        "ns/op", 0));
    r.add(s("RpcVsGrpcBenchmark.requests", "stack", "framewire_zstd", 30_000 * factor));
    r.add(s("RpcVsGrpcBenchmark.requests", "stack", "grpc_gzip", 20_000));
    r.add(s("RpcVsGrpcBenchmark.requests", "stack", "framewire_identity", 40_000));
    r.add(s("RpcVsGrpcBenchmark.requests", "stack", "grpc_identity", 32_000));
    r.add(new Score("SessionMultiBenchmark.event", Map.of("sessions", "1"), "avgt", 400, 1, "ns/op", 0));
    r.add(new Score("SessionMultiBenchmark.event", Map.of("sessions", "10000"), "avgt", 480 * factor, 1, "ns/op", 0));
    return r;
  }

  static JsonNode mercurial() throws Exception {
    return new ObjectMapper().readTree("{\"decode\": {\"0\": {\"frames_per_second\": 2}, \"64\": {\"frames_per_second\": 2},"
        + " \"1024\": {\"frames_per_second\": 2}, \"32768\": {\"frames_per_second\": 2}},"
        + " \"session\": {\"cycles_per_second\": 40}}");
  }

  static final Map<String, CompressionSizes.Sizes> SIZES = Map.of(
      "zstd-8mb", new CompressionSizes.Sizes(1000, 600, 500, 200, 1300, 1000),
      "zlib", new CompressionSizes.Sizes(1000, 640, 480, 400));

  @Test
  void ratiosHaveExactlyTheIssueKeysInOrder() throws Exception {
    JsonNode report = new ReportBuilder(List.of(round(1)), SIZES, new MercurialBaseline.Outcome.Measured(mercurial()))
        .withConnectionMeasurements(WIRE, IDLE).build();
    List<String> keys = new ArrayList<>();
    report.path("ratios").fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("decode_vs_netty_http2", "encode_vs_netty_http2", "zstd_stream_vs_raw_zstd_jni",
        "context_span_gain_zstd", "context_span_gain_zlib", "reactor_32k_vs_1_active", "parallel_streams_2_vs_1",
        "alloc_bytes_per_identity_frame", "vs_mercurial_decode", "vs_mercurial_session",
        "netty_vs_nio_requests", "servlet_vs_nio_requests", "connections_10k_vs_1", "idle_connection_heap_bytes",
        "rpc_rate_vs_grpc", "rpc_wire_bytes_grpc_vs_framewire", "multi_event_10k_vs_1", "flush_cost_bytes"), keys);
    JsonNode r = report.path("ratios");
    assertEquals(0.9, r.path("netty_vs_nio_requests").asDouble(), 1e-12);
    assertEquals(0.8, r.path("servlet_vs_nio_requests").asDouble(), 1e-12);
    assertEquals(16 * 1000.0, report.path("details").path("loopback_requests_per_second").path("nio").asDouble(), 1e-9);
    assertEquals(1.0, r.path("decode_vs_netty_http2").asDouble(), 1e-12);
    assertEquals(1.0, r.path("encode_vs_netty_http2").asDouble(), 1e-12);
    assertEquals(0.9, r.path("zstd_stream_vs_raw_zstd_jni").asDouble(), 1e-12);
    assertEquals(2.5, r.path("context_span_gain_zstd").asDouble(), 1e-12);
    assertEquals(1.2, r.path("context_span_gain_zlib").asDouble(), 1e-12);
    assertEquals(1.2, r.path("reactor_32k_vs_1_active").asDouble(), 1e-12);
    assertEquals(1.8, r.path("parallel_streams_2_vs_1").asDouble(), 1e-12);
    assertEquals(24, r.path("alloc_bytes_per_identity_frame").asDouble(), 1e-12);
    assertEquals(50, r.path("vs_mercurial_decode").asDouble(), 1e-12);
    assertEquals(25, r.path("vs_mercurial_session").asDouble(), 1e-12);
    assertEquals(1.05, report.path("details").path("reactor_ns_per_frame").path("ascending_32k_vs_1").asDouble(), 1e-12);
    JsonNode goals = report.path("goals");
    assertTrue(goals.path("decode_vs_netty_http2").path("met").asBoolean());
    assertTrue(goals.path("zstd_stream_vs_raw_zstd_jni").path("met").asBoolean());
    assertFalse(goals.path("context_span_gain_zlib").path("met").asBoolean());
    assertTrue(goals.path("reactor_32k_vs_1_active").path("met").asBoolean());
    assertFalse(goals.path("alloc_bytes_per_identity_frame").path("met").asBoolean());
    assertEquals(1.1, r.path("connections_10k_vs_1").asDouble(), 1e-12);
    assertEquals(1.2, r.path("multi_event_10k_vs_1").asDouble(), 1e-12);
    assertEquals(1.3, r.path("flush_cost_bytes").asDouble(), 1e-12);
    assertEquals(1.3, report.path("details").path("compressed_sizes").path("zstd-8mb").path("flush_cost_bytes")
        .asDouble(), 1e-12);
    assertEquals(480, report.path("details").path("multi_ns_per_event").path("10000").asDouble(), 1e-9);
    assertEquals(1.5, r.path("rpc_rate_vs_grpc").asDouble(), 1e-12);
    assertEquals(1.25, report.path("details").path("rpc_rate_vs_grpc_uncompressed").asDouble(), 1e-12);
    assertEquals(3.0, r.path("rpc_wire_bytes_grpc_vs_framewire").asDouble(), 1e-12);
    assertEquals(1.5, report.path("details").path("rpc_wire_bytes_grpc_vs_framewire_uncompressed").asDouble(), 1e-12);
    assertEquals(3000, r.path("idle_connection_heap_bytes").asDouble(), 1e-12);
    assertEquals(9000, report.path("details").path("idle_connection_bytes").path("netty").path("total").asDouble(), 1e-12);
    assertEquals(0, report.path("notes").size(), report.path("notes").toString());
  }

  static final Map<String, org.framewire.benchmarks.WireBytes.Count> WIRE = Map.of(
      "framewire_zstd", new org.framewire.benchmarks.WireBytes.Count(100, 900),
      "grpc_gzip", new org.framewire.benchmarks.WireBytes.Count(500, 2500),
      "framewire_identity", new org.framewire.benchmarks.WireBytes.Count(100, 1900),
      "grpc_identity", new org.framewire.benchmarks.WireBytes.Count(500, 2500));

  static final Map<String, org.framewire.benchmarks.IdleConnectionCost.Cost> IDLE = Map.of(
      "nio", new org.framewire.benchmarks.IdleConnectionCost.Cost(2000, 1000),
      "netty", new org.framewire.benchmarks.IdleConnectionCost.Cost(8000, 1000));

  @Test
  void sizeRatiosAreGeometricMeans() throws Exception {
    List<Score> r = round(1);
    r.replaceAll(x -> x.benchmark().equals("FrameDecodeBenchmark.framewire") && x.params().get("payloadSize").equals("0")
        ? s(x.benchmark(), "payloadSize", "0", 1600) : x);
    JsonNode report = new ReportBuilder(List.of(r), SIZES, new MercurialBaseline.Outcome.Measured(mercurial())).build();
    // per-size ratios 16, 1, 1, 1: geometric mean 2
    assertEquals(2.0, report.path("ratios").path("decode_vs_netty_http2").asDouble(), 1e-12);
    assertEquals(16.0, report.path("details").path("decode_ratio_by_size").path("vs_netty_http2").path("0").asDouble(), 1e-12);
    assertEquals(800.0, report.path("details").path("decode_ratio_by_size").path("vs_mercurial").path("0").asDouble(), 1e-12);
  }

  @Test
  void eachRatioIsTheMedianOfItsPerRoundValues() throws Exception {
    JsonNode report = new ReportBuilder(List.of(round(1), round(3), round(2)), SIZES,
        new MercurialBaseline.Outcome.Measured(mercurial())).build();
    assertEquals(2.0, report.path("ratios").path("decode_vs_netty_http2").asDouble(), 1e-12);
    assertEquals(1.8 * 2, report.path("ratios").path("parallel_streams_2_vs_1").asDouble(), 1e-12);
    JsonNode rounds = report.path("details").path("rounds").path("decode_vs_netty_http2");
    assertEquals(3, rounds.size());
    assertEquals(3.0, rounds.get(1).asDouble(), 1e-12);
    // Mercurial: framewire's median score over the one Mercurial measurement
    assertEquals(2 * 50, report.path("ratios").path("vs_mercurial_decode").asDouble(), 1e-12);
    assertEquals(2000, report.path("details").path("scores").path("SessionCycleBenchmark.cycle").path("median").asDouble(), 1e-12);
  }

  @Test
  void missingInputsGiveNullsAndNotes() throws Exception {
    List<Score> partial = new ArrayList<>(round(1));
    partial.removeIf(x -> x.benchmark().startsWith("Reactor"));
    JsonNode report = new ReportBuilder(List.of(partial), Map.of(),
        new MercurialBaseline.Outcome.Skipped("python3 not found")).build();
    JsonNode r = report.path("ratios");
    assertTrue(r.path("reactor_32k_vs_1_active").isNull());
    assertTrue(r.path("context_span_gain_zstd").isNull());
    assertTrue(r.path("vs_mercurial_decode").isNull());
    assertTrue(r.path("vs_mercurial_session").isNull());
    assertTrue(report.path("goals").path("reactor_32k_vs_1_active").path("met").isNull());
    assertEquals(Goal.values().length, r.size());
    List<String> notes = new ArrayList<>();
    report.path("notes").forEach(n -> notes.add(n.asText()));
    assertEquals(5, notes.size(), notes.toString());
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("bytes on the socket not measured")));
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("memory per idle connection not measured")));
    assertTrue(notes.stream().anyMatch(n -> n.contains("python3 not found")));
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("reactor_32k_vs_1_active")));
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("compression sizes")));
  }

  @Test
  void medianAndGeomean() {
    assertEquals(2.0, ReportBuilder.median(new double[] {3, 1, 2}));
    assertEquals(2.5, ReportBuilder.median(new double[] {4, 1, 2, 3}));
    assertTrue(Double.isNaN(ReportBuilder.median(new double[0])));
    assertEquals(4.0, ReportBuilder.geomean(new double[] {2, 8}), 1e-12);
    assertTrue(Double.isNaN(ReportBuilder.geomean(new double[] {2, Double.NaN})));
    assertTrue(Double.isNaN(ReportBuilder.geomean(new double[] {2, 0})));
  }

  @Test
  void allocationRatioIsInWholeBytesAndMeetsZeroOnlyBelowHalfAByte() {
    assertEquals(0.0, ReportBuilder.wholeBytes(1e-4));
    assertEquals(16.0, ReportBuilder.wholeBytes(16.2));
    assertEquals(1.0, ReportBuilder.wholeBytes(1.313));
    assertTrue(Double.isNaN(ReportBuilder.wholeBytes(Double.NaN)));
    assertTrue(Goal.ALLOC_PER_IDENTITY_FRAME.met(ReportBuilder.wholeBytes(1e-4)));
    assertFalse(Goal.ALLOC_PER_IDENTITY_FRAME.met(ReportBuilder.wholeBytes(1.313)));
  }

  @Test
  void allocationsAreReportedPerBenchmark() throws Exception {
    JsonNode report = new ReportBuilder(List.of(round(1)), SIZES, new MercurialBaseline.Outcome.Measured(mercurial()))
        .build();
    JsonNode alloc = report.path("details").path("alloc_bytes_per_op");
    assertEquals(24, alloc.path("IdentityFrameBenchmark.relay").asDouble(), 1e-12);
    assertTrue(alloc.path("ZstdStreamBenchmark.zstdJni").isNull());
    int n = 0;
    for (Iterator<String> it = alloc.fieldNames(); it.hasNext(); it.next()) {
      n++;
    }
    assertEquals(round(1).size(), n);
  }

  @Test
  void aFlatCostGoalIsJudgedOnItsWorstRoundAndTheMedianOnTheMedian() throws Exception {
    // reactor ratios 1.2, 1.8, 1.2: median 1.2 meets <= 1.5, the worst round 1.8 does not
    JsonNode report = new ReportBuilder(List.of(round(1), round(1.5), round(1)), SIZES,
        new MercurialBaseline.Outcome.Measured(mercurial())).build();
    JsonNode reactor = report.path("goals").path("reactor_32k_vs_1_active");
    assertEquals(1.2, report.path("ratios").path("reactor_32k_vs_1_active").asDouble(), 1e-12);
    assertEquals(1.8, reactor.path("worst_round").asDouble(), 1e-12);
    assertEquals("every round", reactor.path("judged_on").asText());
    assertFalse(reactor.path("met").asBoolean(), "one round over the goal fails a goal judged on every round");
    // a goal judged on the median: parallel 1.8, 2.7, 1.8 -> worst is the smallest, 1.8, and the median meets
    JsonNode parallel = report.path("goals").path("parallel_streams_2_vs_1");
    assertEquals(1.8, parallel.path("worst_round").asDouble(), 1e-12);
    assertTrue(parallel.path("met").asBoolean());
    assertTrue(ResultsTable.markdown(report, null).contains("(1.20, 1.80, 1.20; worst 1.80)"));
  }
}
