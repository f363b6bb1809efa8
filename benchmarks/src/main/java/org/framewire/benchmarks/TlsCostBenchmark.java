package org.framewire.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.framewire.cbor.CborValue;
import org.framewire.netty.NettyTcpServer;
import org.framewire.session.ClientConfig;
import org.framewire.session.Response;
import org.framewire.transport.RawClient;
import org.framewire.transport.TcpServer;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandRegistry;
import org.framewire.transport.tls.ClientTls;
import org.framewire.transport.tls.ServerTls;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What TLS costs (SPEC.md §9.3): the same client ({@link RawClient}, one connection) and workloads
 * against each raw-transport host with and without TLS: {@code nio} and {@code nio_tls} ({@link
 * TcpServer}, its SSLEngine layer), {@code netty} and {@code netty_tls} ({@link NettyTcpServer},
 * Netty's SslHandler). {@link #requests()} is {@link #REQUESTS_PER_OP} small {@code echo} calls in
 * flight together (requests/s); {@link #bytes()} is one {@code stream} call answering {@link
 * #STREAM_BYTES} bytes (bytes/s). TLS 1.3 with the JDK's default suite (AES-GCM), an EC P-256
 * certificate made by {@code keytool} at set-up; ratios {@code *_tls / *} in docs/transports.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class TlsCostBenchmark extends SuiteBenchmark {
  /** Echo calls per {@link #requests()} operation. */
  public static final int REQUESTS_PER_OP = LoopbackHostsBenchmark.REQUESTS_PER_OP;
  /** Response bytes per {@link #bytes()} operation: 4 byte strings of 256 KiB. */
  public static final int STREAM_BYTES = 4 << 18;

  private static final CborValue.MapValue STREAM = CborValue.MapValue.of(
      CborValue.Bytes.of("count"), new CborValue.Int(4), CborValue.Bytes.of("size"), new CborValue.Int(1 << 18));

  @Param({"nio", "nio_tls", "netty", "netty_tls"})
  public String host;

  private ExecutorService handlers;
  private AutoCloseable server;
  private RawClient client;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    handlers = HandlerPool.start();
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    boolean tls = host.endsWith("_tls");
    SSLContext[] contexts = tls ? contexts() : null;
    ServerTls serverTls = tls ? ServerTls.of(contexts[0]) : null;
    ClientTls clientTls = tls ? ClientTls.of(contexts[1]) : null;
    CommandRegistry commands = CommandRegistry.conformance();
    InetSocketAddress address;
    if (host.startsWith("nio")) {
      TcpServer s = TcpServer.start(any, TransportConfig.DEFAULTS, serverTls, commands, handlers, TransportListener.NONE);
      server = s;
      address = s.localAddress();
    } else {
      NettyTcpServer s = NettyTcpServer.start(any, 1, TransportConfig.DEFAULTS, serverTls, commands, handlers,
          TransportListener.NONE);
      server = s;
      address = s.localAddress();
    }
    client = RawClient.connect(address, ClientConfig.DEFAULTS.withContentEncodings(List.of()), clientTls, e -> { });
    requests();
    bytes();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    client.close();
    server.close();
    handlers.shutdownNow();
  }

  /** {@link #REQUESTS_PER_OP} echo calls in flight together (the workload of {@link LoopbackHostsBenchmark}). */
  @Benchmark
  public Object requests() throws Exception {
    return LoopbackHostsBenchmark.echoes(args -> client.call("echo", args));
  }

  /** One {@code stream} call of {@link #STREAM_BYTES} response bytes. */
  @Benchmark
  public Object bytes() throws Exception {
    Response r = client.call("stream", STREAM).get(30, TimeUnit.SECONDS);
    if (r.objects().size() != 4) {
      throw new IllegalStateException("stream answered " + r.objects().size() + " objects");
    }
    return r;
  }

  /** A server context and a client context trusting it, from a key pair {@code keytool} makes. */
  static SSLContext[] contexts() throws Exception {
    Path dir = Files.createTempDirectory("framewire-bench-tls");
    Path store = dir.resolve("server.p12");
    char[] password = "framewire".toCharArray();
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "server", "-dname", "CN=localhost",
        "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", store.toString(),
        "-storetype", "PKCS12", "-storepass", "framewire").inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("keytool failed: exit " + p.exitValue());
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, password);
    }
    Files.delete(store);
    Files.delete(dir);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
    kmf.init(ks, password);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", ks.getCertificate("server"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
    return new SSLContext[] {server, client};
  }
}
