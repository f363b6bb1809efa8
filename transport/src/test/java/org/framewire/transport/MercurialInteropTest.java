package org.framewire.transport;

import static org.framewire.transport.Fixture.args;
import static org.framewire.transport.Fixture.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.session.CallException;
import org.framewire.session.ClientConfig;
import org.framewire.session.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop with Mercurial 6.3.2's own reactors ({@code mercurial.wireprotoframing}), through the
 * Python glue in {@code interop/}: Mercurial's client calls our TCP server, and our client calls a
 * Mercurial server, over every content encoding. Skipped, with a message, where {@code
 * /usr/bin/python3} cannot import Mercurial; CI installs it.
 */
@Timeout(60)
class MercurialInteropTest {
  private static Path interop;

  @BeforeAll
  static void mercurialAvailable() throws Exception {
    interop = MercurialPeer.assumeAvailable("interop skipped");
  }

  // ---------------------------------------------------------------- (a) Mercurial client, our server

  /**
   * Mercurial's client over every encoding: with requests one at a time, the server's responses
   * share one stream and compression context (ENC-3); pipelined, they overlap and go out on
   * several streams (ENC-4). Mercurial decodes both.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"zstd-8mb, sequential", "zlib, sequential", "identity, sequential", "none, sequential",
      "zstd-8mb, pipelined", "zlib, pipelined", "identity, pipelined", "none, pipelined"})
  void mercurialClientCallsOurServer(String encodings, String mode) throws Exception {
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tcp();
      String out = MercurialPeer.runToEnd(interop, 30, "hg_client.py",
          "--port", String.valueOf(server.localAddress().getPort()), "--encodings", encodings,
          mode.equals("sequential") ? "--sequential" : "--pipelined");
      assertTrue(out.contains("\"checks\": 10"), out);
      assertEquals(List.of(), f.recorder.violations);
    }
  }

  /**
   * The deep pipeline of CMD-11: Mercurial's client frames 1000 mixed echo and stream calls and
   * writes them in one flush before reading any answer; every answer is checked byte for byte.
   * The server paces the batch by reading it no faster than it answers, and fails nothing.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity", "none"})
  void mercurialClientPipelinesAThousandRequests(String encodings) throws Exception {
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tcp();
      String out = runClient("--port", String.valueOf(server.localAddress().getPort()), "--encodings", encodings,
          "--batch", "1000");
      assertTrue(out.contains("\"checks\": 1001"), out);
      assertEquals(List.of(), f.recorder.violations);
    }
  }

  /** The same batch as one HTTP multirequest body (SPEC.md §9.2), answered in the response body. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity", "none"})
  void mercurialClientSendsAThousandRequestsInOneMultirequest(String encodings) throws Exception {
    try (Fixture f = new Fixture()) {
      HttpApiServer server = f.http();
      String out = runClient("--http", server.baseUri() + "/api/" + server.prefix() + "/ro/multirequest",
          "--encodings", encodings, "--batch", "1000");
      assertTrue(out.contains("\"checks\": 1000"), out);
      assertEquals(List.of(), f.recorder.violations);
    }
  }

  private static String runClient(String... args) throws Exception {
    return MercurialPeer.runToEnd(interop, 50, "hg_client.py", args);
  }

  // ---------------------------------------------------------------- (b) our client, Mercurial server

  /** framewire's client pipelines 1000 calls at once against Mercurial's server reactor. */
  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity", "none"})
  void ourClientPipelinesAThousandRequestsToMercurialServer(String encodings) throws Throwable {
    withMercurialServer(encodings, c -> {
      List<CompletableFuture<Response>> futures = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        futures.add(i % 3 == 2
            ? c.call("stream", args("count", 1 + i % 4, "size", 1 + (i * 37) % 1500))
            : c.call("echo", args("i", i, "pad", "x".repeat(i % 200))));
      }
      for (int i = 0; i < 1000; i++) {
        Response r = await(futures.get(i));
        if (i % 3 == 2) {
          int size = 1 + (i * 37) % 1500;
          assertEquals(1 + i % 4, r.objects().size(), "call " + i);
          for (int k = 0; k < r.objects().size(); k++) {
            assertArrayEquals(Fixture.pattern(k, size), Fixture.bytesOf(r.objects().get(k)), "call " + i);
          }
        } else {
          assertEquals(args("i", i, "pad", "x".repeat(i % 200)), r.single(), "call " + i);
        }
      }
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity", "none"})
  void ourClientCallsMercurialServer(String encodings) throws Throwable {
    withMercurialServer(encodings, MercurialInteropTest::callConformanceCommands);
  }

  /**
   * Starts {@code interop/hg_server.py} (Mercurial's server reactor on a loopback port it prints as
   * {@code PORT n}), connects framewire's client offering {@code encodings} ({@code none}: no
   * encoding list), runs {@code calls} and stops the server.
   */
  private static void withMercurialServer(String encodings, ClientCalls calls) throws Throwable {
    Process p = python(interop.resolve("hg_server.py").toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = lines.readLine();
      assertTrue(first != null && first.startsWith("PORT "), "hg_server.py said " + first);
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
          Integer.parseInt(first.substring(5).trim()));
      ClientConfig config = ClientConfig.DEFAULTS.withContentEncodings(
          encodings.equals("none") ? List.of() : List.of(encodings));
      try (RawClient c = RawClient.connect(address, config)) {
        calls.run(c);
      }
    } finally {
      p.getOutputStream().close();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** What a test does with a client connected to Mercurial's server. */
  @FunctionalInterface
  private interface ClientCalls {
    void run(RawClient c) throws Throwable;
  }

  /**
   * The conformance calls, pipelined, checked object by object. {@code stream} with count 0 is left
   * out: Mercurial sends no frame at all for a command without output (SPEC.md CMD-15 closes that
   * gap for framewire servers).
   */
  private static void callConformanceCommands(RawClient c) throws Throwable {
    // Keys in Mercurial's order (bytewise), in which both sides re-encode a map (CBOR-3).
    CborValue.MapValue echoArgs = args("a", "b", "list", CborValue.Array.of(CborValue.Bytes.of("x"),
        new CborValue.Int(-2)), "n", 7);
    byte[] data = new byte[70000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 7);
    }
    List<CompletableFuture<Response>> futures = new ArrayList<>();
    futures.add(c.call("echo", echoArgs));
    futures.add(c.call(CommandRequest.of("echodata"), ByteBuffer.wrap(data)));
    futures.add(c.call("stream", args("count", 3, "size", 100000)));
    futures.add(c.call("stream", args("count", 4, "size", 10)));
    CompletableFuture<Response> fail = c.call("fail", args("message", "it failed"));
    CompletableFuture<Response> unknown = c.call("nope", args());

    assertEquals(echoArgs, await(futures.get(0)).single());
    assertArrayEquals(data, Fixture.bytesOf(await(futures.get(1)).single()));
    Response big = await(futures.get(2));
    assertEquals(3, big.objects().size());
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(Fixture.pattern(k, 100000), Fixture.bytesOf(big.objects().get(k)));
    }
    Response small = await(futures.get(3));
    assertEquals(4, small.objects().size());
    for (int k = 0; k < 4; k++) {
      assertArrayEquals(Fixture.pattern(k, 10), Fixture.bytesOf(small.objects().get(k)));
    }
    CallException failed = assertThrows(CallException.class, () -> await(fail));
    assertEquals(CallException.Kind.COMMAND_ERROR, failed.kind());
    assertEquals("it failed", failed.getMessage());
    CallException missing = assertThrows(CallException.class, () -> await(unknown));
    assertEquals(CallException.Kind.COMMAND_ERROR, missing.kind());
    assertEquals("unknown command: nope", missing.getMessage());
  }

  private static ProcessBuilder python(String... args) {
    return MercurialPeer.python(interop, args);
  }}
