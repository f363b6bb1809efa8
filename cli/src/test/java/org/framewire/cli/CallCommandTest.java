package org.framewire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code framewire call} in process, against a TCP and an HTTP server of the conformance commands. */
@Timeout(60)
class CallCommandTest {
  private static CliRun call(String... args) {
    return CliRun.command("call", args);
  }
  private static ExecutorService handlers;
  private static TcpServer tcp;
  private static HttpApiServer http;
  private static String connect;


  @BeforeAll
  static void servers() throws Exception {
    handlers = Executors.newFixedThreadPool(4);
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    tcp = TcpServer.start(loopback, TransportConfig.DEFAULTS, CommandRegistry.conformance(), handlers, TransportListener.NONE);
    http = HttpApiServer.start(loopback, CommandRegistry.conformance(), handlers);
    connect = "127.0.0.1:" + tcp.localAddress().getPort();
  }

  @AfterAll
  static void stop() {
    tcp.close();
    http.close();
    handlers.shutdownNow();
  }


  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity", "none"})
  void echoPrintsTheArgsAsTaggedJson(String encodings) {
    CliRun r = call("--connect", connect, "--encodings", encodings, "echo", "{\"n\": 3, \"a\": \"b\", \"l\": [true, null]}");
    assertEquals(0, r.code(), r.err());
    // keys come back in Mercurial's order (CBOR-3)
    assertEquals(List.of("{\"map\":[[{\"bytes\":\"61\"},{\"bytes\":\"62\"}],[{\"bytes\":\"6c\"},{\"array\":[{\"bool\":true},"
        + "{\"null\":true}]}],[{\"bytes\":\"6e\"},{\"int\":3}]]}"), r.lines());
  }

  @Test
  void argsMayBeTaggedJson() {
    CliRun r = call("--connect", connect, "echo", "{\"map\": [[{\"bytes\": \"6b\"}, {\"int\": -1}]]}");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("{\"map\":[[{\"bytes\":\"6b\"},{\"int\":-1}]]}"), r.lines());
  }

  @Test
  void streamPrintsOneLinePerValue() {
    CliRun r = call("--connect", connect, "stream", "{\"count\": 3, \"size\": 4}");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("{\"bytes\":\"00010203\"}", "{\"bytes\":\"01020304\"}", "{\"bytes\":\"02030405\"}"), r.lines());
  }

  @Test
  void dataFileIsSentAsCommandData(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data");
    Files.write(file, new byte[] {0, 1, (byte) 0xff});
    CliRun r = call("--connect", connect, "--data-file", file.toString(), "echodata");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("{\"bytes\":\"0001ff\"}"), r.lines());
  }

  @Test
  void commandErrorExitsOneWithTheMessage() {
    CliRun r = call("--connect", connect, "fail", "{\"message\": \"it broke\"}");
    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertTrue(r.err().contains("it broke"), r.err());
    CliRun unknown = call("--connect", connect, "nope");
    assertEquals(1, unknown.code());
    assertTrue(unknown.err().contains("unknown command: nope"), unknown.err());
  }

  @Test
  void overHttp() {
    String base = http.baseUri().toString();
    CliRun r = call("--http", base, "stream", "{\"count\": 2, \"size\": 2}");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("{\"bytes\":\"0001\"}", "{\"bytes\":\"0102\"}"), r.lines());
    CliRun withPrefix = call("--http", base + "/api/exp-http-v2-0003", "echo", "{\"a\": \"b\"}");
    assertEquals(0, withPrefix.code(), withPrefix.err());
    CliRun fail = call("--http", base, "fail", "{\"message\": \"no\"}");
    assertEquals(1, fail.code());
    // the single-command path of an unknown command is refused with 404 before any frame (TRANS-8)
    CliRun unknown = call("--http", base, "nope");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("404"), unknown.err());
    CliRun otherPrefix = call("--http", base + "/api/other", "echo");
    assertEquals(2, otherPrefix.code());
  }

  @Test
  void transportFailureExitsTwo() throws Exception {
    int unused;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      unused = s.getLocalPort();
    }
    CliRun r = call("--connect", "127.0.0.1:" + unused, "echo");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("framewire call: "), r.err());
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, call("echo").code());
    assertEquals(2, call("--connect", connect, "echo", "[1]").code());
    assertEquals(2, call("--connect", connect, "echo", "{nope").code());
    assertEquals(2, call("--connect", connect, "--encodings", "brotli", "echo").code());
    assertEquals(2, call("--connect", "nocolon", "echo").code());
    assertEquals(2, call("--connect", connect, "--http", "http://127.0.0.1:1", "echo").code());
  }
}
