package org.framewire.conformance.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.framewire.transport.HttpApiServer;
import org.framewire.transport.TcpServer;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The control channel of {@code framewire call --control}, against framewire's server of the Appendix A commands. */
@Timeout(60)
class ControlDriverTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ExecutorService handlers;
  private static TcpServer tcp;
  private static String target;
  private static HttpApiServer http;

  @BeforeAll
  static void server() throws Exception {
    handlers = Executors.newFixedThreadPool(4);
    tcp = TcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TransportConfig.DEFAULTS,
        CommandRegistry.conformance(), handlers, TransportListener.NONE);
    target = "tcp://127.0.0.1:" + tcp.localAddress().getPort();
    http = HttpApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), CommandRegistry.conformance(), handlers);
  }

  @AfterAll
  static void stop() {
    tcp.close();
    http.close();
    handlers.shutdownNow();
  }

  private static List<JsonNode> drive(String... ops) throws Exception {
    StringWriter out = new StringWriter();
    int code = new ControlDriver(new BufferedReader(new StringReader(String.join("\n", ops) + "\n")), out, ClientHooks.NONE).run();
    assertEquals(0, code);
    List<JsonNode> events = new ArrayList<>();
    for (String l : out.toString().split("\n")) {
      events.add(JSON.readTree(l));
    }
    return events;
  }

  private static Map<Integer, JsonNode> finals(List<JsonNode> events) {
    Map<Integer, JsonNode> m = new HashMap<>();
    for (JsonNode e : events) {
      if (e.has("id") && !e.get("id").isNull() && !e.path("event").asText().equals("text")) {
        m.put(e.get("id").asInt(), e);
      }
    }
    return m;
  }

  @Test
  void callsOnOneSessionEachGetOneFinalEvent() throws Exception {
    List<JsonNode> events = drive(
        "{\"op\":\"hello\",\"version\":1}",
        "{\"op\":\"call\",\"id\":1,\"session\":\"s1\",\"target\":\"" + target + "\",\"command\":\"echo\",\"args\":{\"map\":[[{\"bytes\":\"6b\"},{\"int\":1}]]}}",
        "{\"op\":\"call\",\"id\":2,\"session\":\"s1\",\"target\":\"" + target + "\",\"command\":\"stream\",\"args\":{\"map\":[[{\"bytes\":\"636f756e74\"},{\"int\":2}],[{\"bytes\":\"73697a65\"},{\"int\":2}]]}}",
        "{\"op\":\"call\",\"id\":3,\"session\":\"s1\",\"target\":\"" + target + "\",\"command\":\"fail\",\"args\":{\"map\":[[{\"bytes\":\"6d657373616765\"},{\"bytes\":\"6e6f\"}]]}}",
        "{\"op\":\"call\",\"id\":4,\"session\":\"s2\",\"target\":\"" + target + "\",\"command\":\"echodata\",\"data\":{\"bytes\":\"0102\"},\"encodings\":[\"zlib\"]}",
        "{\"op\":\"frobnicate\",\"id\":9}",
        "{\"op\":\"exit\"}");
    assertEquals("ready", events.get(0).path("event").asText());
    assertTrue(events.get(0).path("encodings").toString().contains("zstd-8mb"));
    assertEquals("[\"tcp\",\"http\"]", events.get(0).path("transports").toString());
    Map<Integer, JsonNode> f = finals(events);
    assertEquals("{\"event\":\"ok\",\"id\":1,\"objects\":[{\"map\":[[{\"bytes\":\"6b\"},{\"int\":1}]]}]}", f.get(1).toString());
    assertEquals("[{\"bytes\":\"0001\"},{\"bytes\":\"0102\"}]", f.get(2).path("objects").toString());
    assertEquals("command-error", f.get(3).path("event").asText());
    assertEquals("{\"bytes\":\"6e6f\"}", f.get(3).path("message").toString());
    assertEquals("[{\"bytes\":\"0102\"}]", f.get(4).path("objects").toString());
    assertEquals("error", f.get(9).path("event").asText());
  }

  @Test
  void refusedConnectionIsATransportErrorAndCloseAnswers() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    List<JsonNode> events = drive(
        "{\"op\":\"call\",\"id\":1,\"session\":\"s1\",\"target\":\"tcp://127.0.0.1:" + port + "\",\"command\":\"echo\"}",
        "{\"op\":\"close\",\"session\":\"s1\"}",
        "{\"op\":\"exit\"}");
    assertEquals("transport-error", finals(events).get(1).path("event").asText());
    assertTrue(events.stream().anyMatch(e -> e.path("event").asText().equals("closed")));
  }

  @Test
  void httpTargetsWork() throws Exception {
    String url = "http://127.0.0.1:" + http.localAddress().getPort();
    List<JsonNode> events = drive(
        "{\"op\":\"call\",\"id\":1,\"session\":\"h\",\"target\":\"" + url + "\",\"command\":\"echo\",\"args\":{\"map\":[[{\"bytes\":\"6b\"},{\"int\":2}]]}}",
        "{\"op\":\"exit\"}");
    assertEquals("{\"event\":\"ok\",\"id\":1,\"objects\":[{\"map\":[[{\"bytes\":\"6b\"},{\"int\":2}]]}]}", finals(events).get(1).toString());
  }
  /** sendEncoding and dataBytes: framewire's TCP server decodes the zlib-encoded request and echoes the pattern. */
  @Test
  void encodedRequestsWithGeneratedData() throws Exception {
    List<JsonNode> events = drive(
        "{\"op\":\"hello\",\"version\":1}",
        "{\"op\":\"call\",\"id\":1,\"session\":\"z\",\"target\":\"" + target + "\",\"command\":\"echodata\",\"sendEncoding\":\"zlib\",\"dataBytes\":300}",
        "{\"op\":\"call\",\"id\":2,\"session\":\"z\",\"target\":\"" + target + "\",\"command\":\"echodata\",\"dataBytes\":3,\"data\":{\"bytes\":\"00\"}}",
        "{\"op\":\"exit\"}");
    assertEquals("[\"zstd-8mb\",\"zlib\",\"identity\"]", events.get(0).path("sendEncodings").toString());
    Map<Integer, JsonNode> f = finals(events);
    assertEquals("[{\"bytes\":\"" + java.util.HexFormat.of().formatHex(DataPattern.of(300).array()) + "\"}]",
        f.get(1).path("objects").toString(), f.get(1).toString());
    assertEquals("error", f.get(2).path("event").asText(), "dataBytes excludes data");
  }
}
