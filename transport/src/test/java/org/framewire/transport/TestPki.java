package org.framewire.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.framewire.transport.tls.ClientTls;
import org.framewire.transport.tls.Pem;
import org.framewire.transport.tls.ServerTls;

/**
 * Certificates made at test time with Bouncy Castle, written as PEM files (so that {@link Pem} is
 * what reads them): a CA, a server certificate it signed for 127.0.0.1 and localhost, a client
 * certificate it signed, an expired server certificate, and a second CA that signed nothing the
 * server presents. No private key is committed anywhere.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffff);

  /** A certificate and its key, as PEM files. */
  public record Issued(Path cert, Path key) {}

  public final Path dir;
  public final Issued ca;
  public final Issued server;
  public final Issued client;
  public final Issued expired;
  public final Issued otherCa;

  private TestPki(Path dir, Issued ca, Issued server, Issued client, Issued expired, Issued otherCa) {
    this.dir = dir;
    this.ca = ca;
    this.server = server;
    this.client = client;
    this.expired = expired;
    this.otherCa = otherCa;
  }

  /** Makes every certificate under {@code dir}. */
  public static TestPki create(Path dir) {
    try {
      Instant now = Instant.now();
      KeyPair caKeys = keys();
      Issued ca = write(dir, "ca", caKeys, selfSigned("CN=framewire test CA", caKeys, now));
      KeyPair otherKeys = keys();
      Issued other = write(dir, "other-ca", otherKeys, selfSigned("CN=another CA", otherKeys, now));
      KeyPair s = keys();
      Issued server = write(dir, "server", s,
          issue("CN=localhost", s, caKeys, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), true));
      KeyPair c = keys();
      Issued client = write(dir, "client", c,
          issue("CN=alice", c, caKeys, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), false));
      KeyPair e = keys();
      Issued expired = write(dir, "expired", e,
          issue("CN=localhost", e, caKeys, now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)), true));
      return new TestPki(dir, ca, server, client, expired, other);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (GeneralSecurityException | OperatorCreationException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** The server's TLS settings: its certificate, client certificates required when {@code mutual}. */
  public ServerTls serverTls(boolean mutual) {
    return serverTls(server, mutual);
  }

  /** A server presenting {@code who}; client certificates checked against {@link #ca} when {@code mutual}. */
  public ServerTls serverTls(Issued who, boolean mutual) {
    try {
      SSLContext ctx = Pem.serverContext(who.cert, who.key, mutual ? ca.cert : null);
      return new ServerTls(ctx, mutual, ServerTls.DEFAULT_HANDSHAKE_TIMEOUT);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client trusting {@code trusted}, presenting {@link #client} when {@code withCertificate}. */
  public ClientTls clientTls(Issued trusted, boolean withCertificate) {
    try {
      SSLContext ctx = withCertificate
          ? Pem.clientContext(trusted.cert, client.cert, client.key) : Pem.clientContext(trusted.cert, null, null);
      return ClientTls.of(ctx);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client trusting {@link #ca}, without a certificate of its own. */
  public ClientTls clientTls() {
    return clientTls(ca, false);
  }

  private static KeyPair keys() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair();
  }

  private static X509Certificate selfSigned(String name, KeyPair keys, Instant now)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(name), serial(),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), new X500Name(name),
        keys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    return sign(b, keys);
  }

  private static X509Certificate issue(String name, KeyPair subject, KeyPair issuer, Instant from, Instant to,
      boolean serverNames) throws GeneralSecurityException, OperatorCreationException, IOException {
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=framewire test CA"), serial(),
        Date.from(from), Date.from(to), new X500Name(name), subject.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    if (serverNames) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
    }
    return sign(b, issuer);
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair issuer)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static Issued write(Path dir, String name, KeyPair keys, X509Certificate cert)
      throws IOException, GeneralSecurityException {
    Path c = dir.resolve(name + ".pem");
    Path k = dir.resolve(name + "-key.pem");
    Files.writeString(c, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
    Files.writeString(k, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
    return new Issued(c, k);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
