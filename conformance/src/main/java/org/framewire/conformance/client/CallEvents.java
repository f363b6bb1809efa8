package org.framewire.conformance.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The adapter's events of one client case, sorted as they are taken from the control channel's
 * queue: each call's final event ({@code ok}, {@code server-error}, {@code protocol-error},
 * {@code transport-error}, ...) by the call's id, everything else ({@code text}, {@code progress},
 * {@code closed}, and a second final event for a call as {@code duplicate-final}) in arrival order.
 * An event without an id (a session-wide protocol error) is the final event of every call waited for.
 */
final class CallEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CallEvents() {}

  /** Waits for the final events of {@code wanted}; false when the deadline or the adapter's end came first. */
  static boolean awaitFinals(BlockingQueue<JsonNode> events, Map<Integer, JsonNode> finals, List<JsonNode> nonFinal,
      Set<Integer> wanted, long deadline) throws InterruptedException {
    while (!finals.keySet().containsAll(wanted)) {
      JsonNode e = next(events, deadline);
      if (e == null || e == ClientCaseRunner.EOF) {
        return false;
      }
      file(e, finals, nonFinal, wanted);
    }
    return true;
  }

  static void drain(BlockingQueue<JsonNode> events, Map<Integer, JsonNode> finals, List<JsonNode> nonFinal) {
    JsonNode e;
    while ((e = events.poll()) != null && e != ClientCaseRunner.EOF) {
      file(e, finals, nonFinal, Set.of());
    }
  }

  private static void file(JsonNode e, Map<Integer, JsonNode> finals, List<JsonNode> nonFinal, Set<Integer> wanted) {
    String kind = e.path("event").asText();
    if (kind.equals("text") || kind.equals("progress") || kind.equals("closed")) {
      nonFinal.add(e);
      return;
    }
    JsonNode id = e.get("id");
    if (id == null || id.isNull()) {
      for (int k : wanted) {
        finals.putIfAbsent(k, e);
      }
      return;
    }
    if (finals.containsKey(id.asInt())) {
      nonFinal.add(JSON.createObjectNode().put("event", "duplicate-final").set("original", e));
    } else {
      finals.put(id.asInt(), e);
    }
  }

  static JsonNode next(BlockingQueue<JsonNode> events, long deadline) throws InterruptedException {
    long left = deadline - System.nanoTime();
    return left <= 0 ? events.poll() : events.poll(left, TimeUnit.NANOSECONDS);
  }
}
