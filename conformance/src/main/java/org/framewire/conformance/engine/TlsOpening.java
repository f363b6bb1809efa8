package org.framewire.conformance.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.framewire.conformance.cases.Capabilities;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.cases.Limit;
import org.framewire.conformance.cases.Step;
import org.framewire.conformance.target.SocketTarget;
import org.framewire.frames.FrameNotation;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.fuzz.ServerConnection;
import org.framewire.transport.tls.Tls;

/**
 * Plays a TLS case's opening step ({@link Step.Tls}, SPEC.md §9.3) against a {@code tls://} target:
 * a handshake with a chosen ALPN offer, after which the case's frames run over the session, or a
 * probe that ends the case itself (a plaintext client, a stalled handshake, a TLS 1.1 offer). A
 * probe the target answers as §9.3 requires leaves the observation closed, so the case's {@code
 * closed} outcome matches; a target that serves the probe fails the case with {@link Violation}.
 */
final class TlsOpening {

  /** How long a probe waits for a target that fails a handshake at its first bytes to close. */
  static final Duration PROMPT_CLOSE = Duration.ofSeconds(3);
  /** Slack over the declared handshake timeout before a stalled handshake's connection must be gone. */
  static final Duration STALL_SLACK = Duration.ofMillis(1500);

  private TlsOpening() {}

  /** A TLS requirement the target broke; the case fails with the message. */
  static final class Violation extends IOException {
    private static final long serialVersionUID = 1L;

    Violation(String message) {
      super(message);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }

  /** The case's opening step, or null when it opens as any case does. */
  static Step.Tls of(List<Step> steps) {
    return !steps.isEmpty() && steps.get(0) instanceof Step.Tls t ? t : null;
  }

  /**
   * Why {@code target} cannot play the TLS case {@code c}, or null when it can (or {@code c} is not a
   * TLS case): it is not a {@code tls://} target, or the stalled handshake's bound does not fit in
   * the per-case {@code timeout}.
   */
  static String notApplicable(ConformanceCase c, ServerAdapter target, Capabilities capabilities, Duration timeout) {
    if (!c.needs().transport().equals("tls")) {
      return null;
    }
    if (!(target instanceof SocketTarget st) || st.tls() == null) {
      return "a TLS case (needs.transport tls) over a target that is not tls://";
    }
    Long declared = capabilities.limits().get(Limit.TLS_HANDSHAKE_TIMEOUT_MILLIS);
    if (declared != null && c.steps().stream().anyMatch(s -> s instanceof Step.Tls t && t.opening() == Step.Tls.Opening.STALL)
        && declared + STALL_SLACK.toMillis() >= timeout.toMillis() * 4 / 5) {
      return "the declared tlsHandshakeTimeoutMillis (" + declared + ") and " + STALL_SLACK.toMillis()
          + " ms of slack do not fit in the per-case deadline of " + timeout.toMillis() + " ms: raise --timeout";
    }
    return null;
  }

  /**
   * Plays {@code step}: the connection the case's later steps use, or null when the probe ended the
   * case with the target's close (then {@code obs} is closed).
   *
   * @throws Violation when the target serves what §9.3 says it must refuse
   */
  static ServerConnection open(Step.Tls step, SocketTarget target, Capabilities capabilities, Observation obs,
      Observation.WireLog log) throws IOException {
    switch (step.opening()) {
      case HANDSHAKE:
        return handshake(step.alpn(), target, obs, log);
      case PLAINTEXT: {
        byte[] request = FrameNotation.parse("1 1 stream-begin command-request new cbor:{b'name': b'echo', b'args': {b'a': 1}}").toBytes();
        log.note("sent a plaintext command request (" + request.length + " bytes) to the TLS port");
        probe(target, request, PROMPT_CLOSE, "TRANS-15: a plaintext client", obs, log);
        return null;
      }
      case STALL: {
        long declared = capabilities.limits().get(Limit.TLS_HANDSHAKE_TIMEOUT_MILLIS);
        byte[] hello = clientHello(0x0303);
        byte[] part = java.util.Arrays.copyOf(hello, 20);
        log.note("sent the first " + part.length + " of " + hello.length + " bytes of a ClientHello, then nothing"
            + " (declared handshake timeout " + declared + " ms)");
        probe(target, part, Duration.ofMillis(declared).plus(STALL_SLACK), "TRANS-15: a stalled handshake", obs, log);
        return null;
      }
      case TLS11: {
        log.note("sent a ClientHello offering TLS 1.1 alone");
        probe(target, clientHello(0x0302), PROMPT_CLOSE, "TRANS-11: a TLS 1.1 ClientHello", obs, log);
        return null;
      }
      default:
        throw new IllegalStateException(step.opening().toString());
    }
  }

  private static ServerConnection handshake(List<String> alpn, SocketTarget target, Observation obs,
      Observation.WireLog log) throws IOException {
    log.note("TLS handshake offering ALPN " + (alpn.isEmpty() ? "nothing (no extension)" : alpn));
    SocketTarget.Handshake h;
    try {
      h = target.connectOffering(alpn);
    } catch (IOException e) {
      // an alert, or a close or reset without one: either way the target refused the handshake
      log.note("the handshake failed: " + e);
      synchronized (obs) {
        obs.closed = true;
      }
      return null;
    }
    log.note("handshake done: " + h.protocol() + ", ALPN " + (h.alpn().isEmpty() ? "none selected" : h.alpn()));
    if (!alpn.isEmpty() && !h.alpn().equals(Tls.ALPN)) {
      h.connection().close();
      throw new Violation(alpn.contains(Tls.ALPN)
          ? "TRANS-14: the client offered ALPN " + alpn + " and the server selected " + (h.alpn().isEmpty() ? "none" : h.alpn())
              + ", not " + Tls.ALPN
          : "TRANS-14: the server finished a handshake whose ALPN offer " + alpn + " lacks " + Tls.ALPN);
    }
    return h.connection();
  }

  /**
   * Sends {@code bytes} on a plain TCP connection and waits {@code bound} for the target to close it;
   * TLS records it sends on the way (an alert) are noted, anything else is served output.
   */
  private static void probe(SocketTarget target, byte[] bytes, Duration bound, String what, Observation obs,
      Observation.WireLog log) throws IOException {
    long start = System.nanoTime();
    try (Socket s = target.connectPlain()) {
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      while (true) {
        long left = bound.toMillis() - (System.nanoTime() - start) / 1_000_000;
        if (left <= 0) {
          throw new Violation(what + " was still connected " + bound.toMillis() + " ms later" + received(got.toByteArray()));
        }
        s.setSoTimeout((int) left);
        int n;
        try {
          n = in.read(buf);
        } catch (SocketTimeoutException e) {
          continue;
        } catch (IOException e) {
          n = -1; // a reset is a close
        }
        if (n < 0) {
          break;
        }
        got.write(buf, 0, n);
        checkOutput(what, got.toByteArray());
      }
      log.note("closed by the target after " + (System.nanoTime() - start) / 1_000_000 + " ms" + received(got.toByteArray()));
      synchronized (obs) {
        obs.closed = true;
      }
    }
  }

  /** Fails when what the target sent is not TLS records, or is a ServerHello for a version below 1.2. */
  private static void checkOutput(String what, byte[] got) throws Violation {
    int content = got[0] & 0xff;
    if (content < 20 || content > 24 || got.length > 1 && got[1] != 3) {
      throw new Violation(what + " was served: the target answered with bytes that are not TLS" + received(got));
    }
    // a handshake record holding a ServerHello: record header (5), type 2, length (3), version (2)
    if (content == 22 && got.length >= 11 && got[5] == 2) {
      int version = (got[9] & 0xff) << 8 | got[10] & 0xff;
      if (version < 0x0303) {
        throw new Violation(what + " was accepted: the target answered with a ServerHello for version 0x"
            + Integer.toHexString(version));
      }
    }
  }

  private static String received(byte[] got) {
    if (got.length == 0) {
      return ", having sent nothing";
    }
    String hex = HexFormat.of().formatHex(got, 0, Math.min(got.length, 32));
    if (got.length >= 7 && got[0] == 21) {
      return ", having sent a TLS alert (description " + (got[6] & 0xff) + ")";
    }
    return ", having sent " + got.length + " bytes: " + hex + (got.length > 32 ? "..." : "");
  }

  /**
   * A ClientHello whose highest version is {@code version} (0x0303: TLS 1.2; 0x0302: TLS 1.1), with
   * no supported_versions extension, so the version is all it offers: ECDHE and RSA AES-CBC suites
   * that every version has, the P-256 group and uncompressed points.
   */
  static byte[] clientHello(int version) {
    HexFormat hex = HexFormat.of();
    byte[] suites = hex.parseHex("c009c00ac013c014002f0035");
    byte[] extensions = hex.parseHex("000a00040002001700" + "0b0002" + "0100");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(version >> 8);
    body.write(version & 0xff);
    byte[] random = new byte[32];
    new java.security.SecureRandom().nextBytes(random);
    body.writeBytes(random);
    body.write(0); // no session id
    body.write(suites.length >> 8);
    body.write(suites.length & 0xff);
    body.writeBytes(suites);
    body.write(1); // one compression method: null
    body.write(0);
    body.write(extensions.length >> 8);
    body.write(extensions.length & 0xff);
    body.writeBytes(extensions);
    byte[] b = body.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {22, 3, 1, (byte) ((b.length + 4) >> 8), (byte) (b.length + 4)});
    out.writeBytes(new byte[] {1, 0, (byte) (b.length >> 8), (byte) b.length});
    out.writeBytes(b);
    return out.toByteArray();
  }
}
