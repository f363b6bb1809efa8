package org.framewire.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.framewire.benchmarks.Payloads;

/**
 * The Markdown tables of a bench report, written from its JSON alone: the ratios with their goals,
 * then the measurements behind them. {@code framewire bench --doc FILE} puts them between the
 * markers {@value #BEGIN} and {@value #END} of a document, so no number in docs/benchmarks.md is
 * typed by hand.
 */
public final class ResultsTable {

  /** Marks the start of the generated section in a document. */
  public static final String BEGIN = "<!-- bench:begin -->";
  /** Marks its end. */
  public static final String END = "<!-- bench:end -->";

  private ResultsTable() {}

  /** The tables, as Markdown. {@code plotPrefix} (relative to the document) links the plots; null for none. */
  public static String markdown(JsonNode report, String plotPrefix) {
    StringBuilder b = new StringBuilder();
    JsonNode m = report.path("machine");
    JsonNode plan = report.path("plan");
    b.append("Run `").append(report.path("mode").asText()).append("` of ").append(report.path("started").asText())
        .append(", ").append(Format.number(report.path("duration_seconds").asDouble() / 60)).append(" minutes: ")
        .append(plan.path("rounds").asInt()).append(" rounds of JMH ").append(report.path("jmh_version").asText())
        .append(" (1 fork per benchmark and round, ").append(plan.path("warmupIterations").asInt()).append(" x ")
        .append(plan.path("warmupSeconds").asInt()).append(" s warm-up, ").append(plan.path("iterations").asInt())
        .append(" x ").append(plan.path("iterationSeconds").asInt()).append(" s measured, gc profiler) on ")
        .append(m.path("cpu").asText()).append(", ").append(m.path("cores").asInt()).append(" cores, ")
        .append(m.path("java").asText()).append(", load average ").append(Format.number(m.path("load_before").asDouble()))
        .append(" before and ").append(Format.number(m.path("load_after").asDouble())).append(" after.\n\n");

    b.append("| ratio | measured | goal | met | what |\n|---|---:|---:|:---:|---|\n");
    JsonNode ratios = report.path("ratios");
    JsonNode goals = report.path("goals");
    JsonNode rounds = report.path("details").path("rounds");
    for (Goal g : Goal.values()) {
      JsonNode v = ratios.path(g.key());
      JsonNode met = goals.path(g.key()).path("met");
      b.append("| `").append(g.key()).append("` | ")
          .append(v.isNumber() ? Format.number(v.asDouble()) : "not measured");
      JsonNode each = rounds.path(g.key());
      boolean anyRound = false;
      for (JsonNode x : each) {
        anyRound |= x.isNumber();
      }
      if (each.size() > 1 && anyRound) {
        b.append(" <sub>(");
        for (int i = 0; i < each.size(); i++) {
          b.append(i == 0 ? "" : ", ").append(each.get(i).isNumber() ? Format.number(each.get(i).asDouble()) : "-");
        }
        JsonNode worstRound = goals.path(g.key()).path("worst_round");
        if (worstRound.isNumber()) {
          b.append("; worst ").append(Format.number(worstRound.asDouble()));
        }
        b.append(")</sub>");
      }
      b.append(" | ").append(g.goalText().replace(">=", "≥").replace("<=", "≤")).append(g.everyRound() ? " *" : "")
          .append(" | ")
          .append(met.isBoolean() ? (met.asBoolean() ? "yes" : "**no**") : "-").append(" | ")
          .append(g.meaning()).append(" |\n");
    }
    b.append("\nSmall numbers after a ratio: its value in each round and the worst of them; the ratio is their median."
        + " A goal marked * is judged on the worst round: it must hold in every round.\n");
    for (JsonNode note : report.path("notes")) {
      b.append("\n> ").append(note.asText()).append('\n');
    }

    JsonNode d = report.path("details");
    b.append("\n#### Frames per second by payload size\n\n| payload | decode: framewire | Netty | Mercurial "
        + "| framewire/Netty | framewire/Mercurial | encode: framewire | Netty | framewire/Netty |\n"
        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String s : Payloads.SIZES) {
      b.append("| ").append(s).append(" B | ")
          .append(si(d.path("decode_frames_per_second").path("framewire").path(s))).append(" | ")
          .append(si(d.path("decode_frames_per_second").path("netty_http2").path(s))).append(" | ")
          .append(si(d.path("decode_frames_per_second").path("mercurial").path(s))).append(" | ")
          .append(num(d.path("decode_ratio_by_size").path("vs_netty_http2").path(s))).append(" | ")
          .append(num(d.path("decode_ratio_by_size").path("vs_mercurial").path(s))).append(" | ")
          .append(si(d.path("encode_frames_per_second").path("framewire").path(s))).append(" | ")
          .append(si(d.path("encode_frames_per_second").path("netty_http2").path(s))).append(" | ")
          .append(num(d.path("encode_ratio_by_size").path("vs_netty_http2").path(s))).append(" |\n");
    }

    JsonNode c = d.path("compressed_sizes");
    b.append("\n#### Encoded size of the corpus (").append(c.path("responses").asInt()).append(" responses, ")
        .append(c.path("corpus_bytes").asLong()).append(" bytes of CBOR values)\n\n"
            + "| profile | identity | per frame | per request | one stream | per request / one stream "
            + "| per frame / one stream |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (String p : new String[] {"zstd-8mb", "zlib"}) {
      JsonNode s = c.path(p);
      if (s.isMissingNode()) {
        continue;
      }
      b.append("| ").append(p).append(" | ").append(s.path("identity").asLong()).append(" | ")
          .append(s.path("per_frame").asLong()).append(" | ").append(s.path("per_request").asLong()).append(" | ")
          .append(s.path("one_stream").asLong()).append(" | ").append(num(s.path("per_request_vs_one_stream")))
          .append(" | ").append(num(s.path("per_frame_vs_one_stream"))).append(" |\n");
    }

    JsonNode z = d.path("zstd_stream");
    JsonNode r = d.path("reactor_ns_per_frame");
    JsonNode par = d.path("parallel_streams_responses_per_second");
    JsonNode ses = d.path("session_cycles_per_second");
    b.append("\n#### Other measurements\n\n| measurement | value |\n|---|---:|\n")
        .append("| zstd-8mb stream, framewire (MB/s of input) | ").append(mb(z.path("framewire_bytes_per_second"))).append(" |\n")
        .append("| zstd-8mb, zstd-jni alone (MB/s of input) | ").append(mb(z.path("zstd_jni_bytes_per_second"))).append(" |\n")
        .append("| server session, ns per routed frame, 1 request in flight | ").append(num(r.path("shuffled").path("1"))).append(" |\n")
        .append(r.path("shuffled").has("4096") ? "| server session, ns per routed frame, 4096 requests in flight, frames in shuffled request order | "
            + num(r.path("shuffled").path("4096")) + " |\n" : "")
        .append("| server session, ns per routed frame, 32768 requests in flight, frames in shuffled request order | ")
        .append(num(r.path("shuffled").path("32768"))).append(" |\n")
        .append("| server session, ns per routed frame, 32768 requests in flight, frames in ascending request order | ")
        .append(num(r.path("ascending").path("32768"))).append(" |\n")
        .append("| ascending order: ns per frame at 32768 / at 1 | ").append(num(r.path("ascending_32k_vs_1"))).append(" |\n")
        .append("| zstd-8mb responses/s, 1 stream on 1 thread | ").append(si(par.path("1_thread"))).append(" |\n")
        .append("| zstd-8mb responses/s, 2 streams on 2 threads | ").append(si(par.path("2_threads"))).append(" |\n")
        .append("| request+response cycles/s, framewire sessions | ").append(si(ses.path("framewire"))).append(" |\n")
        .append("| request+response cycles/s, Mercurial reactors | ").append(si(ses.path("mercurial"))).append(" |\n");
    JsonNode conn = d.path("connections_ns_per_round_trip");
    b.append("| NIO host, ns per echo round trip, 1 connection open | ").append(num(conn.path("1"))).append(" |\n")
        .append("| NIO host, ns per echo round trip, 10000 connections open | ").append(num(conn.path("10000"))).append(" |\n");
    for (Map.Entry<String, JsonNode> e : d.path("idle_connection_bytes").properties()) {
      if (e.getValue().isObject()) {
        b.append("| ").append(e.getKey()).append(" host, heap / direct bytes per idle connection | ")
            .append(num(e.getValue().path("heap"))).append(" / ").append(num(e.getValue().path("direct"))).append(" |\n");
      }
    }
    for (Map.Entry<String, JsonNode> e : d.path("rpc_requests_per_second").properties()) {
      b.append("| requests/s end to end, ").append(e.getKey()).append(" | ").append(si(e.getValue())).append(" |\n");
    }
    b.append("| requests/s, framewire / gRPC, both uncompressed | ").append(num(d.path("rpc_rate_vs_grpc_uncompressed")))
        .append(" |\n");
    for (Map.Entry<String, JsonNode> e : d.path("rpc_wire_bytes").properties()) {
      b.append("| bytes on the socket for the corpus (up / down), ").append(e.getKey()).append(" | ")
          .append(e.getValue().path("up").asLong()).append(" / ").append(e.getValue().path("down").asLong()).append(" |\n");
    }
    b.append("| bytes on the socket, gRPC / framewire, both uncompressed | ")
        .append(num(d.path("rpc_wire_bytes_grpc_vs_framewire_uncompressed"))).append(" |\n");
    for (Map.Entry<String, JsonNode> e : d.path("pipeline_requests_per_second").properties()) {
      b.append("| requests/s, 1000 pipelined, ").append(e.getKey()).append(" | ").append(si(e.getValue())).append(" |\n");
    }
    for (Map.Entry<String, JsonNode> e : d.path("transport_streams_requests_per_second").properties()) {
      b.append("| zstd-8mb requests/s, 2 connections to the Netty host, ").append(e.getKey().replace('_', ' '))
          .append(" | ").append(si(e.getValue())).append(" |\n");
    }
    for (Map.Entry<String, JsonNode> e : d.path("pipeline_wire_bytes").properties()) {
      b.append("| bytes on the socket, 1000 pipelined (up / down), ").append(e.getKey()).append(" | ")
          .append(e.getValue().path("up").asLong()).append(" / ").append(e.getValue().path("down").asLong()).append(" |\n");
    }

    b.append("\n#### Heap bytes allocated per operation (JMH gc profiler)\n\n| benchmark | B/op |\n|---|---:|\n");
    for (Map.Entry<String, JsonNode> e : d.path("alloc_bytes_per_op").properties()) {
      b.append("| `").append(e.getKey()).append("` | ").append(num(e.getValue())).append(" |\n");
    }

    if (plotPrefix != null) {
      b.append('\n');
      for (String plot : new String[] {"ratios", "decode", "encode", "compression"}) {
        b.append("![").append(plot).append("](").append(plotPrefix).append('-').append(plot).append(".png)\n");
      }
    }
    return b.toString();
  }

  /**
   * {@code document} with the lines between the marker lines {@link #BEGIN} and {@link #END} (each
   * alone on its line) replaced by {@code section}. Markers quoted inside other lines are left alone.
   */
  public static String replaceSection(String document, String section) {
    int begin = markerLine(document, BEGIN, 0);
    int end = begin < 0 ? -1 : markerLine(document, END, begin);
    if (begin < 0 || end < 0) {
      throw new IllegalArgumentException("the document has no " + BEGIN + " ... " + END + " lines");
    }
    return document.substring(0, begin + BEGIN.length()) + "\n" + section + "\n" + document.substring(end);
  }

  /** The index of the first line from {@code from} on that is exactly {@code marker}, or -1. */
  private static int markerLine(String document, String marker, int from) {
    for (int i = document.indexOf(marker, from); i >= 0; i = document.indexOf(marker, i + 1)) {
      boolean lineStart = i == 0 || document.charAt(i - 1) == '\n';
      int after = i + marker.length();
      boolean lineEnd = after == document.length() || document.charAt(after) == '\n' || document.charAt(after) == '\r';
      if (lineStart && lineEnd) {
        return i;
      }
    }
    return -1;
  }

  private static String num(JsonNode v) {
    return v.isNumber() ? Format.number(v.asDouble()) : "-";
  }

  private static String si(JsonNode v) {
    return v.isNumber() ? Format.si(v.asDouble()) : "-";
  }

  private static String mb(JsonNode v) {
    return v.isNumber() ? Format.number(v.asDouble() / 1e6) : "-";
  }
}
