package org.framewire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server case files run offline in another language: {@code interop/run_cases.py} feeds every
 * server case of {@code protocol-spec/conformance/server} to Mercurial 6.3.2's reactor from memory
 * (no socket, no framewire code; docs/conformance/case-format.md) and grades its output. The cases
 * it fails are exactly those of the ratchet file the socket run ({@code framewire check --exec}
 * against {@code hg_server_stdio.py}) keeps, so the offline way of running the files and the suite
 * agree.
 */
@Timeout(60)
class MercurialOfflineCasesTest {

  @Test
  void offlineGradesAgreeWithTheSocketRunsKnownFailures() throws Exception {
    Path interop = MercurialPeer.assumeAvailable("offline case run skipped");
    Process p = MercurialPeer.python(interop, "run_cases.py", "--known-failures", "mercurial-server.known-failures")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    // skipped: HTTP-only cases, the two limit cases an in-memory run cannot play (LIMIT-3, LIMIT-4),
    // and cases whose answers come zstd-encoded, which run_cases.py does not decode
    assertTrue(out.lines().filter(l -> l.startsWith("skipped ")).allMatch(l -> l.contains("HTTP-only") || l.contains("offline: ")), out);
    assertTrue(out.lines().filter(l -> l.startsWith("pass ")).count() >= 10, out);
  }
}
