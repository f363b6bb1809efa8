package org.framewire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameEncoder;
import org.framewire.frames.FrameNotation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The conformance adapters around Mercurial 6.3.2's reactors, exercised once each:
 * {@code interop/hg_server_stdio.py} (its server reactor on stdin/stdout, for {@code framewire check
 * --exec}) and {@code interop/hg_client_control.py} (its client reactor behind the control channel
 * of docs/conformance/control-channel.md, for {@code framewire check-client --exec}). Skipped, with
 * a message, where {@code /usr/bin/python3} cannot import Mercurial.
 */
@Timeout(60)
class MercurialAdaptersTest {
  private static Path interop;

  @BeforeAll
  static void mercurialAvailable() throws Exception {
    interop = MercurialPeer.assumeAvailable("adapters skipped");
  }

  /**
   * Frames in on stdin, Mercurial's frames out on stdout. The expected lines are Mercurial's own
   * output, quirks included: identity announced in stream settings, the encoded flag on identity
   * frames, an empty closing eos frame, and the command error sent without the encoded flag.
   */
  @Test
  void stdioServerAnswersConformanceCommands() throws Exception {
    List<String> requests = List.of(
        "1 1 stream-begin command-request new cbor:{b'name': b'echo', b'args': {b'a': b'b'}}",
        "3 1 0 command-request new cbor:{b'name': b'fail', b'args': {b'message': b'boom'}}",
        "5 1 0 command-request new cbor:{b'name': b'stream', b'args': {b'count': 2, b'size': 3}}");
    ByteBuffer in = ByteBuffer.allocate(4096);
    for (String line : requests) {
      FrameEncoder.encode(FrameNotation.parse(line), in);
    }
    in.flip();
    Process p = python("hg_server_stdio.py").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (OutputStream stdin = p.getOutputStream()) {
      stdin.write(in.array(), 0, in.limit());
    }
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "hg_server_stdio.py did not exit");
    assertEquals(0, p.exitValue());
    List<String> lines = new ArrayList<>();
    for (Frame f : FrameDecoder.decodeAll(out, FrameDecoder.DEFAULT_MAX_FRAME_SIZE)) {
      lines.add(FrameNotation.format(f));
    }
    assertEquals(8, lines.size(), String.join("\n", lines));
    assertEquals(FrameNotation.format(FrameNotation.parse("1 2 stream-begin stream-settings eos cbor:b'identity'")),
        lines.get(0));
    assertEquals(FrameNotation.format(FrameNotation.parse(
        "3 2 0 command-response eos cbor:{b'error': {b'message': b'boom'}, b'status': b'error'}")), lines.get(4));
    assertTrue(lines.get(6).startsWith("5 2 encoded command-response continuation"), lines.get(6));
  }

  /** A stream that ends inside a frame: Mercurial's reader gives up, the adapter closes and exits 0. */
  @Test
  void stdioServerClosesOnATruncatedFrame() throws Exception {
    Process p = python("hg_server_stdio.py").start();
    try (OutputStream stdin = p.getOutputStream()) {
      stdin.write(new byte[] {1, 0, 0});
    }
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    assertEquals(0, p.getInputStream().readAllBytes().length);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    assertTrue(err.join().contains("received incomplete frame"), err.join());
  }

  /** hello, calls on one session to our TCP server (ok, stream, command error), close, exit. */
  @Test
  void controlClientCallsOurServer() throws Exception {
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tcp();
      String target = "tcp://127.0.0.1:" + server.localAddress().getPort();
      Process p = python("hg_client_control.py").redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try {
        Writer ops = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        BufferedReader events = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        send(ops, "{\"op\":\"hello\",\"version\":1}");
        assertEquals("{\"event\": \"ready\", \"version\": 1, \"name\": \"mercurial-6.3 clientreactor\", "
            + "\"encodings\": [\"zstd-8mb\", \"zlib\", \"identity\"]}", events.readLine());
        String call = "{\"op\":\"call\",\"session\":\"s1\",\"target\":\"" + target + "\",";
        send(ops, call + "\"id\":1,\"command\":\"echo\",\"args\":{\"map\":[[{\"bytes\":\"6b\"},{\"int\":-1}]]}}");
        send(ops, call + "\"id\":2,\"command\":\"stream\",\"args\":{\"map\":[[{\"bytes\":\"636f756e74\"},{\"int\":2}],"
            + "[{\"bytes\":\"73697a65\"},{\"int\":3}]]}}");
        send(ops, call + "\"id\":3,\"command\":\"fail\",\"args\":{\"map\":[[{\"bytes\":\"6d657373616765\"},"
            + "{\"bytes\":\"626f6f6d\"}]]}}");
        List<String> finals = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          finals.add(events.readLine());
        }
        finals.sort(null);
        assertEquals(List.of(
            "{\"event\": \"command-error\", \"id\": 3, \"message\": {\"bytes\": \"626f6f6d\"}, \"args\": []}",
            "{\"event\": \"ok\", \"id\": 1, \"objects\": [{\"map\": [[{\"bytes\": \"6b\"}, {\"int\": -1}]]}]}",
            "{\"event\": \"ok\", \"id\": 2, \"objects\": [{\"bytes\": \"000102\"}, {\"bytes\": \"010203\"}]}"), finals);
        send(ops, "{\"op\":\"close\",\"session\":\"s1\"}");
        assertEquals("{\"event\": \"closed\", \"session\": \"s1\"}", events.readLine());
        send(ops, "{\"op\":\"exit\"}");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "hg_client_control.py did not exit");
        assertEquals(0, p.exitValue());
        assertEquals(List.of(), f.recorder.violations);
      } finally {
        p.destroyForcibly();
      }
    }
  }

  private static void send(Writer ops, String line) throws java.io.IOException {
    ops.write(line + "\n");
    ops.flush();
  }

  private static ProcessBuilder python(String script) {
    return MercurialPeer.python(interop, interop.resolve(script).toString());
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
