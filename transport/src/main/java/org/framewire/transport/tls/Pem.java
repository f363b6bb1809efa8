package org.framewire.transport.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS contexts from PEM files, with the JDK alone (SPEC.md §9.3).
 *
 * <p>Accepted: certificates as {@code -----BEGIN CERTIFICATE-----} blocks (a chain: the server's
 * own first); private keys as unencrypted PKCS#8, {@code -----BEGIN PRIVATE KEY-----}, for RSA, EC
 * and EdDSA keys (what {@code openssl req -x509 -newkey ... -noenc} and {@code openssl genpkey}
 * write). PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), SEC1 ({@code BEGIN EC PRIVATE KEY}) and encrypted
 * keys are refused with the {@code openssl pkcs8 -topk8 -nocrypt} command that converts them.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final char[] NO_PASSWORD = new char[0];

  private Pem() {}

  /** Every certificate in {@code file}, in order. */
  public static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> all =
        CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
    if (all.isEmpty()) {
      throw new GeneralSecurityException(file + " holds no PEM certificate");
    }
    return all.stream().map(c -> (X509Certificate) c).toList();
  }

  /** The PKCS#8 private key in {@code file}, of the algorithm of {@code publicKeyAlgorithm}. */
  public static PrivateKey privateKey(Path file, String publicKeyAlgorithm) throws IOException, GeneralSecurityException {
    Matcher m = BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
    while (m.find()) {
      String type = m.group(1);
      if (type.equals("PRIVATE KEY")) {
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        return KeyFactory.getInstance(publicKeyAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      }
      if (type.endsWith("PRIVATE KEY")) {
        throw new GeneralSecurityException(file + " holds a " + type + "; framewire reads unencrypted PKCS#8 keys"
            + " (BEGIN PRIVATE KEY): convert with openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
      }
    }
    throw new GeneralSecurityException(file + " holds no PEM private key (BEGIN PRIVATE KEY)");
  }

  /**
   * A server context: the chain in {@code certFile} with the key in {@code keyFile}; with {@code
   * clientCaFile} (may be {@code null}), the CA certificates client certificates must chain to.
   */
  public static SSLContext serverContext(Path certFile, Path keyFile, Path clientCaFile)
      throws IOException, GeneralSecurityException {
    return context(certFile, keyFile, clientCaFile == null ? null : trustManagers(clientCaFile));
  }

  /**
   * A client context trusting the CA certificates in {@code caFile}, or the JDK's default trust
   * store when it is {@code null}; with {@code certFile} and {@code keyFile} (both or neither), the
   * client's own certificate for mutual TLS.
   */
  public static SSLContext clientContext(Path caFile, Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    TrustManager[] trust = caFile == null ? null : trustManagers(caFile);
    if (certFile == null) {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, trust, null);
      return ctx;
    }
    return context(certFile, keyFile, trust);
  }

  /**
   * A client context that accepts any server certificate: no protection against a man in the
   * middle. For tests against a server whose certificate cannot be trusted otherwise; use with
   * {@code verifyHostname} false.
   */
  public static SSLContext insecureClientContext() throws GeneralSecurityException {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new TrustAll()}, null);
    return ctx;
  }

  private static SSLContext context(Path certFile, Path keyFile, TrustManager[] trust)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile, chain.get(0).getPublicKey().getAlgorithm());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("key", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
    kmf.init(ks, NO_PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), trust, null);
    return ctx;
  }

  private static TrustManager[] trustManagers(Path caFile) throws IOException, GeneralSecurityException {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    int i = 0;
    for (X509Certificate c : certificates(caFile)) {
      ts.setCertificateEntry("ca" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(ts);
    return tmf.getTrustManagers();
  }

  /** Accepts every certificate; for {@link #insecureClientContext()} only. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // accepts everything: the caller asked for no verification
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // accepts everything: the caller asked for no verification
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      // accepts everything: the caller asked for no verification
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      // accepts everything: the caller asked for no verification
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      // accepts everything: the caller asked for no verification
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      // accepts everything: the caller asked for no verification
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
