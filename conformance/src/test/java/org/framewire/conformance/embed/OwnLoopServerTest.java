package org.framewire.conformance.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.Role;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.engine.CaseRunner;
import org.framewire.conformance.target.SelfTarget;
import org.framewire.conformance.target.Targets;
import org.framewire.conformance.target.Transport;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.session.ServerConfig;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The own-loop server of examples/own-loop-server — an application's own {@code Selector} loop
 * around plain {@code ServerSession}s under a {@code SessionMulti}, written as docs/embedding.md tells a newcomer to — compiled
 * from its source here (the examples are not in the default build) and put through every server
 * conformance case the raw transport can play, {@code limit/outbound-queue} (LIMIT-3) included,
 * as {@code framewire check --target tcp://...} runs them. Its loop is the one the docs quote: the
 * quotes must match the source.
 */
class OwnLoopServerTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path SOURCE =
      ROOT.resolve("examples/own-loop-server/src/main/java/org/framewire/examples/OwnLoopServer.java");
  private static final Set<Grade> GOOD = Set.of(Grade.PASS, Grade.ACCEPTABLE);

  @TempDir
  static Path classes;
  private static Closeable server;
  private static Thread loop;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"),
        "-d", classes.toString(), SOURCE.toString());
    assertEquals(0, rc, "examples/own-loop-server compiles against the session API");
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        OwnLoopServerTest.class.getClassLoader());
    Class<?> type = loader.loadClass("org.framewire.examples.OwnLoopServer");
    Object s = type.getConstructor(InetSocketAddress.class, ServerConfig.class, CommandRegistry.class)
        .newInstance(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), SelfTarget.config(),
            CommandRegistry.conformance());
    Method portOf = type.getMethod("port");
    port = (int) portOf.invoke(s);
    server = (Closeable) s;
    loop = new Thread((Runnable) s, "own-loop-server");
    loop.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    loop.join(10_000);
    assertTrue(!loop.isAlive(), "the loop ends on close()");
  }

  @TestFactory
  Stream<DynamicTest> everyServerCaseOverTcp() throws IOException {
    String target = "tcp://127.0.0.1:" + port;
    ServerAdapter tcp = Targets.parse(target);
    CaseRunner runner = new CaseRunner(tcp, Duration.ofSeconds(5), "framewire check --target " + target,
        SelfTarget.capabilities());
    return CaseLoader.loadBundled().stream()
        .filter(c -> c.role() == Role.SERVER && Transport.of(tcp).notApplicable(c) == null
            && SelfTarget.capabilities().unmet(c.needs()).isEmpty()) // the LIMIT-5 case runs in process
        .map(c -> DynamicTest.dynamicTest(c.id(), () -> {
          CaseReport r = runner.runOnce(c);
          assertTrue(GOOD.contains(r.grade()), () -> r.id() + ": " + r.grade().label() + " " + r.detail() + "\n"
              + r.wire().stream().map(w -> "  " + w).collect(Collectors.joining("\n")));
        }));
  }

  @Test
  void theOutboundQueueCaseRuns() throws IOException {
    assertTrue(CaseLoader.loadBundled().stream().anyMatch(c -> c.id().equals("limit/outbound-queue")
        && Transport.of(Targets.parse("tcp://127.0.0.1:" + port)).notApplicable(c) == null),
        "LIMIT-3 is among the cases played above");
  }

  @Test
  void theDocsQuoteTheLoopAsItIs() throws IOException {
    String loopCode = quotedLoop(Files.readAllLines(SOURCE));
    for (String doc : List.of("docs/embedding.md", "docs/sessions.md")) {
      assertTrue(Files.readString(ROOT.resolve(doc)).contains(loopCode),
          () -> doc + " must quote the loop of " + ROOT.relativize(SOURCE) + " as it is:\n" + loopCode);
    }
  }

  /** The lines between the {@code embedding-loop} markers, one indentation level (2 spaces) removed. */
  static String quotedLoop(List<String> lines) {
    int from = lines.indexOf("  // embedding-loop begin");
    int to = lines.indexOf("  // embedding-loop end");
    assertTrue(from >= 0 && to > from, "the example marks its loop");
    return lines.subList(from + 1, to).stream().map(l -> l.startsWith("  ") ? l.substring(2) : l)
        .collect(Collectors.joining("\n"));
  }
}
