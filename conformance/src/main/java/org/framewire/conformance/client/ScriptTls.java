package org.framewire.conformance.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.framewire.transport.tls.Tls;

/**
 * TLS for the client-role suite's script server ({@code check-client --tls}, SPEC.md §9.3): three
 * self-signed certificates made per run by the JDK's {@code keytool}, and the CA file the client
 * under test is told to trust (the {@code ca} field of the {@code call} op,
 * docs/conformance/control-channel.md). The file holds {@link Certificate#TRUSTED} and {@link
 * Certificate#WRONG_NAME}, not {@link Certificate#UNTRUSTED_CA}: the last two are what a client must
 * refuse (TRANS-12), one for its chain, one for its name.
 */
public final class ScriptTls implements AutoCloseable {

  /** A certificate the script server can present; {@code name} is how case files ask for it. */
  public enum Certificate {
    /** For {@code 127.0.0.1} and {@code localhost}, in the CA file: a client must accept it. */
    TRUSTED("trusted", "san=ip:127.0.0.1,dns:localhost"),
    /** For {@code 127.0.0.1}, but not in the CA file: its chain cannot be verified. */
    UNTRUSTED_CA("untrusted-ca", "san=ip:127.0.0.1,dns:localhost"),
    /** In the CA file, but for another name ({@code wrong-name.invalid}): RFC 6125 name check fails. */
    WRONG_NAME("wrong-name", "san=dns:wrong-name.invalid");

    private final String name;
    private final String san;

    Certificate(String name, String san) {
      this.name = name;
      this.san = san;
    }

    public String wireName() {
      return name;
    }

    /** The certificate a case file names, or an error naming the valid ones. */
    static Certificate named(String name) {
      for (Certificate c : values()) {
        if (c.name.equals(name)) {
          return c;
        }
      }
      throw new IllegalArgumentException("unknown certificate '" + name + "' (trusted, untrusted-ca, wrong-name)");
    }
  }

  private static final char[] PASSWORD = "framewire".toCharArray();

  private final Path dir;
  private final Path ca;
  private final Map<Certificate, SSLContext> contexts;

  private ScriptTls(Path dir, Path ca, Map<Certificate, SSLContext> contexts) {
    this.dir = dir;
    this.ca = ca;
    this.contexts = contexts;
  }

  /** Makes the three certificates and the CA file in a new temporary directory ({@link #close()} removes it). */
  public static ScriptTls generate() throws IOException, GeneralSecurityException {
    Path dir = Files.createTempDirectory("framewire-check-client-tls");
    Map<Certificate, SSLContext> contexts = new EnumMap<>(Certificate.class);
    StringBuilder trusted = new StringBuilder();
    try {
      for (Certificate c : Certificate.values()) {
        Path store = dir.resolve(c.name + ".p12");
        keytool("-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "server", "-dname",
            "CN=framewire check-client " + c.name, "-ext", c.san, "-validity", "2", "-keystore", store.toString(),
            "-storetype", "PKCS12", "-storepass", new String(PASSWORD));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
          ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        contexts.put(c, ctx);
        if (c != Certificate.UNTRUSTED_CA) {
          trusted.append("-----BEGIN CERTIFICATE-----\n")
              .append(java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(ks.getCertificate("server").getEncoded()))
              .append("\n-----END CERTIFICATE-----\n");
        }
        Files.delete(store);
      }
      Path ca = dir.resolve("ca.pem");
      Files.writeString(ca, trusted.toString());
      return new ScriptTls(dir, ca, contexts);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
  }

  private static void keytool(String... args) throws IOException {
    String[] cmd = new String[args.length + 1];
    cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("keytool failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while keytool ran", e);
    }
  }

  /** The PEM file a client under test is told to trust. */
  public Path ca() {
    return ca;
  }

  /**
   * The server end of TLS over an accepted socket, presenting {@code certificate}: TLS 1.3 or 1.2,
   * ALPN {@code framewire} selected when offered; the handshake is done before this returns, within
   * {@code timeoutMillis}.
   */
  SSLSocket handshake(Socket accepted, Certificate certificate, int timeoutMillis) throws IOException {
    SSLSocket s = (SSLSocket) contexts.get(certificate).getSocketFactory().createSocket(accepted, null, true);
    SSLParameters p = Tls.versionsOnly(s.getSSLParameters());
    p.setApplicationProtocols(new String[] {Tls.ALPN});
    s.setSSLParameters(p);
    s.setUseClientMode(false);
    s.setSoTimeout(timeoutMillis);
    s.startHandshake();
    s.setSoTimeout(0);
    return s;
  }

  @Override
  public void close() {
    deleteTree(dir);
  }

  private static void deleteTree(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary directory: the system cleans it up
    }
  }
}
