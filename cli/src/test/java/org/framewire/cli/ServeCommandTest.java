package org.framewire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.FrameNotation;
import org.framewire.session.CallException;
import org.framewire.session.ClientConfig;
import org.framewire.transport.HttpApiClient;
import org.framewire.transport.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code framewire serve} as a separate JVM, as users and the conformance suite run it: TCP and HTTP
 * until SIGTERM, and one session over stdio.
 */
@Timeout(60)
class ServeCommandTest {

  /** A child JVM running {@code framewire serve ARGS}, its stderr going to a file read line by line. */
  private static final class Served implements AutoCloseable {
    final Process process;
    private final Path stderr;

    Served(String... args) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
          "org.framewire.cli.Main", "serve"));
      command.addAll(List.of(args));
      stderr = Files.createTempFile("framewire-serve", ".log");
      process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    }

    List<String> log() {
      try {
        return Files.readAllLines(stderr, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Waits for a log line matching {@code regex} and returns its first group. */
    String await(String regex) throws InterruptedException {
      Pattern p = Pattern.compile(regex);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() - end < 0) {
        boolean exited = !process.isAlive();
        for (String line : log()) {
          Matcher m = p.matcher(line);
          if (m.find()) {
            return m.groupCount() > 0 ? m.group(1) : line;
          }
        }
        if (exited) {
          throw new AssertionError("serve exited (" + process.exitValue() + ") before logging " + regex + ": " + log());
        }
        Thread.sleep(10);
      }
      throw new AssertionError("no log line " + regex + " in " + log());
    }

    @Override
    public void close() throws IOException {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      Files.deleteIfExists(stderr);
    }
  }

  @Test
  void servesTcpAndHttpUntilSigterm() throws Exception {
    try (Served s = new Served("--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--encodings", "zlib,identity")) {
      int port = Integer.parseInt(s.await("tcp listening on 127\\.0\\.0\\.1:(\\d+)"));
      String base = s.await("http listening on (http://[^/]+)/api/exp-http-v2-0003/ro/");
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);

      try (RawClient c = RawClient.connect(address, ClientConfig.DEFAULTS)) {
        CborValue.MapValue args = CborValue.MapValue.of(CborValue.Bytes.of("k"), CborValue.Bytes.of("v"));
        assertEquals(args, c.call("echo", args).get(20, TimeUnit.SECONDS).single());
        byte[] data = {5, 6, 7};
        assertEquals(new CborValue.Bytes(data),
            c.call(CommandRequest.of("echodata"), ByteBuffer.wrap(data)).get(20, TimeUnit.SECONDS).single());
      }
      HttpApiClient h = new HttpApiClient(URI.create(base), ClientConfig.DEFAULTS);
      assertEquals(2, h.call("stream", CborValue.MapValue.of(CborValue.Bytes.of("count"), new CborValue.Int(2),
          CborValue.Bytes.of("size"), new CborValue.Int(3))).get(20, TimeUnit.SECONDS).objects().size());

      try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), port)) {
        raw.getOutputStream().write(FrameNotation.parse("1 1 stream-begin 10 0 ").toBytes());
        raw.getInputStream().readAllBytes(); // the error frame, then the end
      }
      s.await("violation (FRAME-3): ");
      s.await("tcp#1 \\S+ (opened)");
      s.await("tcp#1 \\S+ closed (FINISHED)");
      s.await("http#1 .* (opened)");

      s.process.destroy(); // SIGTERM: graceful shutdown
      assertTrue(s.process.waitFor(20, TimeUnit.SECONDS));
      s.await("framewire serve: (stopped)");
    }
  }

  @Test
  void stdioServesOneSessionAndExitsAtItsEnd() throws Exception {
    try (Served s = new Served("--stdio")) {
      RawClient c = RawClient.over(s.process.getInputStream(), s.process.getOutputStream(), ClientConfig.DEFAULTS);
      CborValue.MapValue count = CborValue.MapValue.of(CborValue.Bytes.of("count"), new CborValue.Int(3),
          CborValue.Bytes.of("size"), new CborValue.Int(70000));
      List<CborValue> values = c.call("stream", count).get(20, TimeUnit.SECONDS).objects();
      assertEquals(3, values.size());
      byte[] second = ((CborValue.IndefiniteBytes) values.get(1)).joined();
      for (int j = 0; j < second.length; j++) {
        assertEquals((byte) (1 + j), second[j]);
      }
      ExecutionException e = assertThrows(ExecutionException.class, () -> c.call("fail",
          CborValue.MapValue.of(CborValue.Bytes.of("message"), CborValue.Bytes.of("no"))).get(20, TimeUnit.SECONDS));
      assertEquals(CallException.Kind.COMMAND_ERROR, ((CallException) e.getCause()).kind());
      c.close(); // closes the server's stdin: its session finishes and the process exits
      assertTrue(s.process.waitFor(20, TimeUnit.SECONDS));
      assertEquals(0, s.process.exitValue(), s.log().toString());
      s.await("stdio (opened)");
      s.await("stdio closed (FINISHED)");
    }
  }

  @Test
  void usageErrorsExitTwo() {
    PrintStream oldErr = System.err;
    try {
      System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertEquals(2, Main.run("serve"));
      assertEquals(2, Main.run("serve", "--stdio", "--listen", "127.0.0.1:0"));
      assertEquals(2, Main.run("serve", "--listen", "127.0.0.1:0", "--encodings", "brotli"));
      assertEquals(2, Main.run("serve", "--listen", "127.0.0.1:99999"));
    } finally {
      System.setErr(oldErr);
    }
  }
}
