package org.framewire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.framewire.transport.TcpServer;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code framewire load} in process against a TCP server of the conformance commands, and a mutant. */
@Timeout(60)
class LoadCommandTest {

  /** {@code framewire load} against a loopback TcpServer serving {@code commands}. */
  private static CliRun load(CommandRegistry commands, String... args) throws Exception {
    ExecutorService handlers = Executors.newFixedThreadPool(4);
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (TcpServer tcp = TcpServer.start(loopback, TransportConfig.DEFAULTS, commands, handlers, TransportListener.NONE)) {
      String[] full = new String[args.length + 2];
      full[0] = "--target";
      full[1] = "tcp://127.0.0.1:" + tcp.localAddress().getPort();
      System.arraycopy(args, 0, full, 2, args.length);
      return CliRun.command("load", full);
    } finally {
      handlers.shutdownNow();
    }
  }

  @Test
  void everyResponseMatchesAgainstTheConformanceServer(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("load.json");
    CliRun r = load(CommandRegistry.conformance(), "--connections", "4", "--requests", "50", "--size", "100",
        "--concurrency", "4", "--json", json.toString());
    assertEquals(0, r.code(), r.err());
    String summary = Files.readString(json);
    assertTrue(summary.contains("\"completed\":200"), summary);
    assertTrue(summary.contains("\"mismatches\":0"), summary);
    assertTrue(summary.contains("\"errors\":0"), summary);
    assertTrue(r.err().contains("200/200 requests"), r.err());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"echo", "stream"})
  void theOtherCommandsMatchToo(String command) throws Exception {
    CliRun r = load(CommandRegistry.conformance(), "--command", command, "--connections", "2", "--requests", "20",
        "--size", "300", "--encodings", "zstd-8mb,identity");
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("\"completed\":40,\"mismatches\":0,\"errors\":0"), r.out());
  }

  @Test
  void httpTargetsWork() throws Exception {
    ExecutorService handlers = Executors.newFixedThreadPool(2);
    try (org.framewire.transport.HttpApiServer http = org.framewire.transport.HttpApiServer.start(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), CommandRegistry.conformance(), handlers)) {
      int code = Main.run(new String[] {"load", "--target", "http://127.0.0.1:" + http.localAddress().getPort(),
          "--connections", "2", "--requests", "10", "--concurrency", "2"});
      assertEquals(0, code);
    } finally {
      handlers.shutdownNow();
    }
  }

  @Test
  void aMutantThatCorruptsOneResponseByteIsCaught(@TempDir Path dir) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CommandRegistry mutant = CommandRegistry.builder()
        .add("echodata", (call, out) -> {
          byte[] b = new byte[call.data().remaining()];
          call.data().duplicate().get(b);
          if (calls.incrementAndGet() == 37 && b.length > 0) {
            b[b.length / 2] ^= 1;
          }
          out.writeByteString(ByteBuffer.wrap(b));
          out.end();
        })
        .build();
    Path json = dir.resolve("load.json");
    CliRun r = load(mutant, "--connections", "4", "--requests", "50", "--json", json.toString());
    assertNotEquals(0, r.code());
    String summary = Files.readString(json);
    assertTrue(summary.contains("\"mismatches\":1,"), summary);
    assertTrue(summary.contains("\"errors\":0"), summary);
  }

  /**
   * A server shut down gracefully in the middle of a run (issue 18: a balancer's backend stopped):
   * no request vanishes. Every one is counted, as a checked response or as an error the client
   * reported, with its kind; none mismatches.
   */
  @Test
  void aServerStoppedMidRunLosesNoRequestSilently(@TempDir Path dir) throws Exception {
    ExecutorService handlers = Executors.newFixedThreadPool(4);
    java.util.concurrent.CountDownLatch served = new java.util.concurrent.CountDownLatch(300);
    CommandRegistry commands = CommandRegistry.builder()
        .add("echodata", (call, out) -> {
          served.countDown();
          out.writeByteString(call.data().duplicate());
          out.end();
        })
        .build();
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    TcpServer tcp = TcpServer.start(loopback, TransportConfig.DEFAULTS, commands, handlers, TransportListener.NONE);
    try {
      Path json = dir.resolve("load.json");
      Thread stopper = new Thread(() -> {
        try {
          served.await();
          tcp.shutdown(java.time.Duration.ofSeconds(2));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      stopper.start();
      CliRun r = CliRun.command("load", "--target", "tcp://127.0.0.1:" + tcp.localAddress().getPort(),
          "--connections", "4", "--requests", "2000", "--concurrency", "8", "--json", json.toString());
      stopper.join();
      assertEquals(1, r.code(), r.err());
      String summary = Files.readString(json);
      assertTrue(summary.contains("\"completed\":8000,\"mismatches\":0,"), summary);
      assertTrue(!summary.contains("\"errors\":0,") && !summary.contains("\"errorKinds\":{}"), summary);
      assertTrue(r.err().contains("requests failed: "), r.err());
    } finally {
      tcp.close();
      handlers.shutdownNow();
    }
  }
}
