package org.framewire.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The servlet behind a Tomcat TLS connector configured as docs/transports.md shows (PEM certificate
 * and key, TLS 1.3 and 1.2; SPEC.md §9.3): an {@code https://} client that trusts the CA is served,
 * one that does not is refused in the handshake.
 */
@Timeout(60)
class TomcatTlsTest {
  @TempDir
  Path dir;

  @Test
  void servletServesHttpsThroughATomcatTlsConnector() throws Exception {
    TestPki pki = TestPki.create(dir);
    ExecutorService executor = Executors.newCachedThreadPool();
    Tomcat tomcat = new Tomcat();
    Path base = Files.createTempDirectory("framewire-tomcat-tls");
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    connector.setSecure(true);
    connector.setScheme("https");
    connector.setProperty("SSLEnabled", "true");
    SSLHostConfig host = new SSLHostConfig();
    host.setProtocols("TLSv1.3,TLSv1.2");
    SSLHostConfigCertificate cert = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
    cert.setCertificateFile(pki.server.cert().toString());
    cert.setCertificateKeyFile(pki.server.key().toString());
    host.addCertificate(cert);
    connector.addSslHostConfig(host);
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext("", base.toString());
    Wrapper w = Tomcat.addServlet(ctx, "framewire", new FramewireServlet(CommandRegistry.conformance(), executor));
    w.setAsyncSupported(true);
    ctx.addServletMappingDecoded("/*", "framewire");
    tomcat.start();
    try {
      URI uri = URI.create("https://127.0.0.1:" + connector.getLocalPort());
      CborValue.MapValue args = CborValue.MapValue.of(CborValue.Bytes.of("x"), CborValue.Bytes.of("1"));
      HttpApiClient trusting = new HttpApiClient(HttpApiClient.httpClient(pki.clientTls()), uri, HttpApi.DEFAULT_PREFIX,
          ClientConfig.DEFAULTS);
      assertEquals(args, trusting.call("echo", args).get(30, TimeUnit.SECONDS).single());
      HttpApiClient untrusting = new HttpApiClient(HttpApiClient.httpClient(pki.clientTls(pki.otherCa, false)), uri,
          HttpApi.DEFAULT_PREFIX, ClientConfig.DEFAULTS);
      java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> untrusting.call("echo", args).get(30, TimeUnit.SECONDS));
      assertEquals(true, e.getCause() instanceof IOException, e.toString());
    } finally {
      tomcat.stop();
      tomcat.destroy();
      executor.shutdownNow();
    }
  }
}
