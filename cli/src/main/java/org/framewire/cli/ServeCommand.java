package org.framewire.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.framewire.session.CloseReason;
import org.framewire.session.ServerConfig;
import org.framewire.spec.Requirement;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;
import org.framewire.transport.HttpApi;
import org.framewire.transport.HttpApiServer;
import org.framewire.transport.StreamServer;
import org.framewire.transport.TcpServer;
import org.framewire.transport.tls.Pem;
import org.framewire.transport.tls.ServerTls;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code framewire serve}: serves the conformance commands of SPEC.md Appendix A over the raw
 * transport on TCP ({@code --listen}), over HTTP ({@code --http}), or as one session over stdin and
 * stdout ({@code --stdio}, for a parent process such as the conformance suite's {@code --exec}
 * adapter). It logs one line per event to stderr: where it listens, each connection opened and
 * closed, each protocol violation with the requirement id. TCP and HTTP run until SIGINT or
 * SIGTERM, which shuts them down gracefully; {@code --stdio} ends with its session (at the end of
 * stdin, once every request is answered).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve the conformance commands (echo, echodata, stream, fail, redirect, failafter) over TCP, HTTP or stdio.")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Raw transport over TCP (port 0: any free port).")
  String listen;

  @Option(names = "--http", paramLabel = "HOST:PORT", description = "HTTP transport (port 0: any free port).")
  String http;

  @Option(names = "--http-prefix", paramLabel = "PREFIX", description = "API prefix of the HTTP paths (default ${DEFAULT-VALUE}).")
  String prefix = HttpApi.DEFAULT_PREFIX;

  @Option(names = "--stdio", description = "Serve one session over stdin/stdout, then exit; logs stay on stderr.")
  boolean stdio;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "PEM certificate chain (the server's first): serve --listen and --http over TLS (https).")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "PEM private key of --tls-cert: unencrypted PKCS#8 (BEGIN PRIVATE KEY), RSA, EC or EdDSA.")
  Path tlsKey;

  @Option(names = "--tls-client-ca", paramLabel = "FILE",
      description = "PEM CA certificate(s): require client certificates signed by it (mutual TLS).")
  Path tlsClientCa;

  @Option(names = "--encodings", paramLabel = "LIST", split = ",",
      description = "Content encodings the server may use, preferred first (default: zstd-8mb,zlib,identity).")
  List<String> encodings;

  @Option(names = "--threads", paramLabel = "N", description = "Threads running command handlers (default ${DEFAULT-VALUE}).")
  int threads = 16;

  @Option(names = "--grace", paramLabel = "SECONDS",
      description = "On SIGINT/SIGTERM, how long requests in flight may take to finish (default ${DEFAULT-VALUE}).")
  int grace = 10;

  @Option(names = "--max-silent-connections", paramLabel = "N",
      description = "TCP connections that have not sent a byte yet; one more evicts the oldest (default ${DEFAULT-VALUE}). "
          + "Raise it to the largest burst of clients connecting at once (docs/deployment.md).")
  int maxSilent = TransportConfig.DEFAULTS.maxSilentConnections();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (listen == null && http == null && !stdio) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give --listen, --http or --stdio");
    }
    if (maxSilent < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-silent-connections must be positive");
    }
    if (stdio && (listen != null || http != null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--stdio serves alone: no --listen or --http with it");
    }
    if ((tlsCert == null) != (tlsKey == null) || (tlsClientCa != null && tlsCert == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together (and --tls-client-ca needs them)");
    }
    if (stdio && tlsCert != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--stdio has no TLS: the pipes are the process's own");
    }
    ServerTls tls = tlsCert == null ? null : new ServerTls(Pem.serverContext(tlsCert, tlsKey, tlsClientCa),
        tlsClientCa != null, ServerTls.DEFAULT_HANDSHAKE_TIMEOUT);
    TransportConfig config = TransportConfig.DEFAULTS
        .withSession(ServerConfig.DEFAULTS.withEncodings(profiles(spec, encodings)))
        .withShutdownGrace(Duration.ofSeconds(grace))
        .withConnectionLimits(TransportConfig.DEFAULTS.maxConnections(), maxSilent);
    PrintStream log = System.err;
    TransportListener listener = new LogListener(log);
    CommandRegistry commands = CommandRegistry.conformance();
    AtomicInteger n = new AtomicInteger();
    ExecutorService handlers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "framewire-handler-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      if (stdio) {
        // The frames own stdout: write to the file descriptor itself, never through System.out.
        CloseReason reason = StreamServer.serve("stdio", new FileInputStream(FileDescriptor.in),
            new FileOutputStream(FileDescriptor.out), config, commands, handlers, listener);
        return reason == CloseReason.FINISHED || reason == CloseReason.LOCAL_CLOSE ? 0 : 1;
      }
      return serveUntilStopped(config, tls, commands, handlers, listener, log);
    } finally {
      handlers.shutdownNow();
    }
  }

  private int serveUntilStopped(TransportConfig config, ServerTls tls, CommandRegistry commands, ExecutorService handlers,
      TransportListener listener, PrintStream log) throws IOException, InterruptedException {
    List<AutoCloseable> servers = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      if (listen != null) {
        TcpServer tcp = TcpServer.start(address(spec, listen), config, tls, commands, handlers, listener);
        servers.add(tcp);
        log.println("framewire serve: " + (tls == null ? "tcp" : "tls") + " listening on " + hostPort(tcp.localAddress()));
      }
      if (http != null) {
        HttpApiServer api = HttpApiServer.start(address(spec, http), prefix, config, tls, commands, handlers, listener);
        servers.add(api);
        log.println("framewire serve: " + (tls == null ? "http" : "https") + " listening on " + api.baseUri()
            + HttpApi.path(prefix, ""));
      }
    } catch (IOException e) {
      closeAll(servers);
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.println("framewire serve: stopping (grace " + grace + " s)");
      closeAll(servers);
      log.println("framewire serve: stopped");
      stopped.countDown();
    }, "framewire-serve-shutdown"));
    stopped.await();
    return 0;
  }

  private static void closeAll(List<AutoCloseable> servers) {
    for (AutoCloseable s : servers) {
      try {
        s.close();
      } catch (Exception e) {
        System.err.println("framewire serve: closing " + s + " failed: " + e);
      }
    }
  }

  /** {@code HOST:PORT} as an address; IPv6 hosts in brackets, {@code [::1]:8080}. */
  static InetSocketAddress address(CommandLine.Model.CommandSpec spec, String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "expected HOST:PORT, got " + hostPort);
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "bad port in " + hostPort);
    }
    return new InetSocketAddress(host, port);
  }

  /** The profiles named, in the order given; the defaults when none are. */
  static EncodingProfiles profiles(CommandLine.Model.CommandSpec spec, List<String> names) {
    if (names == null || names.isEmpty()) {
      return EncodingProfiles.defaults();
    }
    List<EncodingProfile> chosen = new ArrayList<>();
    for (String name : names) {
      chosen.add(EncodingProfiles.defaults().find(name).orElseThrow(() -> new CommandLine.ParameterException(
          spec.commandLine(), "unknown encoding " + name + "; known: " + EncodingProfiles.defaults().names())));
    }
    return EncodingProfiles.of(chosen.toArray(new EncodingProfile[0]));
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /** One line per event on stderr, each violation with its requirement id. */
  private static final class LogListener implements TransportListener {
    private final PrintStream log;

    LogListener(PrintStream log) {
      this.log = log;
    }

    @Override
    public void connectionOpened(String connection) {
      log.println("framewire serve: " + connection + " opened");
    }

    @Override
    public void connectionClosed(String connection, CloseReason reason) {
      log.println("framewire serve: " + connection + " closed " + reason);
    }

    @Override
    public void protocolViolation(String connection, Requirement requirement, String message) {
      String text = message.startsWith(requirement.id() + ": ") ? message : requirement.id() + ": " + message;
      log.println("framewire serve: " + connection + " violation " + oneLine(text));
    }

    @Override
    public void ioError(String connection, IOException error) {
      log.println("framewire serve: " + connection + " I/O error: " + oneLine(String.valueOf(error.getMessage())));
    }

    @Override
    public void internalError(String connection, Throwable error) {
      log.println("framewire serve: " + connection + " internal error: " + oneLine(error.toString()));
    }

    private static String oneLine(String s) {
      return s.replace('\n', ' ').replace('\r', ' ');
    }
  }
}
