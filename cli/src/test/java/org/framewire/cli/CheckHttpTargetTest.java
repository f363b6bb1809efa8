package org.framewire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.transport.HttpApiServer;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.Test;

/** {@code framewire check --target http://...} in process, against the NIO HTTP host. */
class CheckHttpTargetTest {

  @Test
  void httpTargetRunsTheHttpCases() throws Exception {
    ExecutorService handlers = Executors.newFixedThreadPool(2);
    HttpApiServer http = HttpApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        CommandRegistry.conformance(), handlers);
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int code = Main.run("check", "--target", http.baseUri() + "/api/" + http.prefix(), "--section", "9", "--color", "never");
      String text = out.toString(StandardCharsets.UTF_8);
      assertEquals(0, code, text);
      long httpCases = CaseLoader.loadBundled().stream().filter(c -> c.id().startsWith("http/")).count();
      // the by-section table: every §9.2 case passes, none is not-applicable
      assertTrue(text.matches("(?s).*§9\\.2\\s+" + httpCases + "\\s+0\\s+0\\s+0\\s+0\\s.*"), text);
    } finally {
      System.setOut(old);
      http.close();
      handlers.shutdownNow();
    }
  }
}
