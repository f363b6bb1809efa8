package org.framewire.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bytes on the socket, both ways, for the whole {@link Corpus} (1000 requests and responses) sent
 * over one connection of each {@link RpcStacks} stack through a {@link CountingRelay}, with {@link
 * RpcVsGrpcBenchmark#IN_FLIGHT} requests in flight as in the rate benchmark. The count starts at
 * connection set-up, so it includes each protocol's handshake (HTTP/2 preface and settings; the
 * sender-protocol and stream settings) and ends when the last response has arrived. Deterministic
 * up to how the requests in flight interleave; not timed. Ratio {@code
 * rpc_wire_bytes_grpc_vs_framewire} = total bytes of {@code grpc_gzip} / {@code framewire_zstd}.
 * The pipelining pair ({@code pipeline_spanning}, {@code pipeline_per_request}; see {@link
 * PipelineBenchmark}) sends all 1000 requests at once; ratio {@code
 * pipeline_spanning_vs_per_request_bytes} = total bytes per request / spanning.
 */
public final class WireBytes {

  /** Bytes up (client to server) and down for one stack. */
  public record Count(long up, long down) {
    public long total() {
      return up + down;
    }
  }

  private WireBytes() {}

  /** Counts each stack. */
  public static Map<String, Count> measure() throws Exception {
    Map<String, Count> out = new LinkedHashMap<>();
    for (String stack : new String[] {"framewire_zstd", "grpc_gzip", "framewire_identity", "grpc_identity",
        "pipeline_spanning", "pipeline_per_request"}) {
      out.put(stack, measure(stack));
    }
    return out;
  }

  /** Counts one stack. */
  public static Count measure(String stack) throws Exception {
    try (RpcStacks.Host host = RpcStacks.host(stack); CountingRelay relay = new CountingRelay(host.address())) {
      try (RpcStacks.Client client = RpcStacks.client(stack, relay.address())) {
        int inFlight = stack.startsWith("pipeline_") ? RpcStacks.PIPELINE_DEPTH : RpcVsGrpcBenchmark.IN_FLIGHT;
        RpcStacks.run(client, 0, Corpus.RESPONSES, inFlight);
        // every response has arrived, so every byte of them crossed the relay
        return new Count(relay.upstreamBytes(), relay.downstreamBytes());
      }
    }
  }

  /** Prints the counts: {@code java -cp benchmarks.jar org.framewire.benchmarks.WireBytes}. */
  public static void main(String[] args) throws Exception {
    measure().forEach((stack, c) -> System.out.println(stack + ": " + c.up() + " up, " + c.down() + " down"));
  }
}
