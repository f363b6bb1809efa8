package org.framewire.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.framewire.cbor.CborValue;
import org.framewire.session.ClientConfig;
import org.framewire.transport.HttpApi;
import org.framewire.transport.HttpApiClient;
import org.framewire.transport.TestPki;
import org.framewire.session.commands.CommandRegistry;
import org.framewire.session.commands.TlsPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The servlet behind a Tomcat TLS connector configured as docs/transports.md shows (PEM certificate
 * and key, TLS 1.3 and 1.2; SPEC.md §9.3): an {@code https://} client that trusts the CA is served,
 * one that does not is refused in the handshake; with mutual TLS the certificate Tomcat verified
 * reaches the command handlers.
 */
@Timeout(60)
class TomcatTlsTest {
  @TempDir
  Path dir;

  @Test
  void servletServesHttpsThroughATomcatTlsConnector() throws Exception {
    withTomcat(false, (pki, uri, seen) -> {
      CborValue.MapValue args = CborValue.MapValue.of(CborValue.Bytes.of("x"), CborValue.Bytes.of("1"));
      HttpApiClient trusting = client(pki.clientTls(), uri);
      assertEquals(args, trusting.call("echo", args).get(30, TimeUnit.SECONDS).single());
      trusting.call("whoami", CborValue.MapValue.of()).get(30, TimeUnit.SECONDS);
      assertEquals(1, seen.size(), seen.toString());
      TlsPeer peer = (TlsPeer) seen.get(0);
      assertTrue(peer.protocol().startsWith("TLSv1."), peer.toString());
      assertEquals(java.util.List.of(), peer.certificates(), "no client certificate without mutual TLS");
      HttpApiClient untrusting = client(pki.clientTls(pki.otherCa, false), uri);
      java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> untrusting.call("echo", args).get(30, TimeUnit.SECONDS));
      assertEquals(true, e.getCause() instanceof IOException, e.toString());
    });
  }

  /**
   * Mutual TLS on the Tomcat connector ({@code certificateVerification="required"} against the test
   * CA): the certificate Tomcat verified reaches the handler as {@code CommandCall.tls()}, and a
   * client without one is refused.
   */
  @Test
  void theContainersVerifiedClientCertificateReachesHandlers() throws Exception {
    withTomcat(true, (pki, uri, seen) -> {
      assertEquals(CborValue.Bytes.of("CN=alice"),
          client(pki.clientTls(pki.ca, true), uri).call("whoami", CborValue.MapValue.of()).get(30, TimeUnit.SECONDS).single());
      TlsPeer peer = (TlsPeer) seen.get(0);
      assertEquals("CN=alice", peer.principal().getName());
      assertTrue(peer.protocol().startsWith("TLSv1."), peer.toString());
      assertTrue(!peer.cipherSuite().isEmpty(), peer.toString());
      HttpApiClient anonymous = client(pki.clientTls(pki.ca, false), uri);
      assertThrows(java.util.concurrent.ExecutionException.class,
          () -> anonymous.call("whoami", CborValue.MapValue.of()).get(30, TimeUnit.SECONDS));
      assertEquals(1, seen.size(), "the anonymous client reached no handler: " + seen);
    });
  }

  /** What a test does with a running Tomcat: its certificates, its https:// base, the handler's records. */
  private interface Scenario {
    void run(TestPki pki, URI uri, java.util.List<Object> seen) throws Exception;
  }

  /** Runs {@code scenario} against the servlet behind a Tomcat TLS connector, mutual when asked. */
  private void withTomcat(boolean mutual, Scenario scenario) throws Exception {
    TestPki pki = TestPki.create(dir);
    ExecutorService executor = Executors.newCachedThreadPool();
    java.util.List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Tomcat tomcat = start(pki, mutual, registry(seen), executor);
    try {
      scenario.run(pki, URI.create("https://127.0.0.1:" + tomcat.getConnector().getLocalPort()), seen);
    } finally {
      tomcat.stop();
      tomcat.destroy();
      executor.shutdownNow();
    }
  }

  private static HttpApiClient client(org.framewire.transport.tls.ClientTls tls, URI uri) {
    return new HttpApiClient(HttpApiClient.httpClient(tls), uri, HttpApi.DEFAULT_PREFIX, ClientConfig.DEFAULTS);
  }

  /** The conformance commands and {@code whoami}, which records {@code CommandCall.tls()} and answers the principal. */
  private static CommandRegistry registry(java.util.List<Object> seen) {
    return CommandRegistry.builder().addAll(CommandRegistry.conformance()).add("whoami", (call, out) -> {
      seen.add(call.tls() == null ? "no TLS" : call.tls());
      if (call.tls() != null && call.tls().principal() != null) {
        out.writeObject(CborValue.Bytes.of(call.tls().principal().getName()));
      }
    }).build();
  }

  /** A PKCS#12 trust store holding the CA of {@code caPem}, as the connector's client CA. */
  private static Path truststore(Path caPem, Path dir) throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (java.io.InputStream in = Files.newInputStream(caPem)) {
      ks.setCertificateEntry("clients-ca",
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    Path p12 = dir.resolve("clients-ca.p12");
    try (java.io.OutputStream out = Files.newOutputStream(p12)) {
      ks.store(out, "framewire".toCharArray());
    }
    return p12;
  }

  /**
   * Tomcat with the servlet behind a TLS connector as docs/transports.md shows; client certificates
   * required and verified against the test CA when {@code mutual}.
   */
  private Tomcat start(TestPki pki, boolean mutual, CommandRegistry commands, ExecutorService executor) throws Exception {
    Tomcat tomcat = new Tomcat();
    Path base = Files.createTempDirectory(dir, "tomcat");
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    connector.setSecure(true);
    connector.setScheme("https");
    connector.setProperty("SSLEnabled", "true");
    SSLHostConfig host = new SSLHostConfig();
    host.setProtocols("TLSv1.3,TLSv1.2");
    if (mutual) {
      host.setCertificateVerification("required");
      host.setTruststoreFile(truststore(pki.ca.cert(), base).toString());
      host.setTruststorePassword("framewire");
      host.setTruststoreType("PKCS12");
    }
    SSLHostConfigCertificate cert = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
    cert.setCertificateFile(pki.server.cert().toString());
    cert.setCertificateKeyFile(pki.server.key().toString());
    host.addCertificate(cert);
    connector.addSslHostConfig(host);
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext("", base.toString());
    Wrapper w = Tomcat.addServlet(ctx, "framewire", new FramewireServlet(commands, executor));
    w.setAsyncSupported(true);
    ctx.addServletMappingDecoded("/*", "framewire");
    tomcat.start();
    return tomcat;
  }
}
