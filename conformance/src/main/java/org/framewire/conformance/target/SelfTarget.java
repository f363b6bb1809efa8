package org.framewire.conformance.target;

import java.time.Duration;
import org.framewire.conformance.cases.Capabilities;
import org.framewire.conformance.cases.Limit;
import org.framewire.fuzz.ReferenceServerAdapter;
import org.framewire.session.ServerConfig;

/**
 * {@code framewire check --self}: the reference session in process on the real clock, with
 * {@link ServerConfig#DEFAULTS} (the SPEC.md §10 defaults) except a frame-read timeout of {@value
 * #FRAME_READ_TIMEOUT_MILLIS} ms and an outbound queue limit of {@value #MAX_OUTBOUND_BYTES} bytes,
 * so that the LIMIT-4 and LIMIT-3 cases run in well under a second, a send timeout of {@value
 * #SEND_TIMEOUT_MILLIS} ms (LIMIT-7) and an idle timeout of {@value #IDLE_TIMEOUT_MILLIS} ms
 * (LIMIT-5); and the capabilities it declares, which are exactly that configuration.
 */
public final class SelfTarget {
  /** The frame-read timeout --self runs with (LIMIT-4). */
  public static final int FRAME_READ_TIMEOUT_MILLIS = 200;

  /** The outbound queue limit --self runs with (LIMIT-3): 1 MiB. */
  public static final long MAX_OUTBOUND_BYTES = 1 << 20;

  /**
   * The send timeout --self runs with (LIMIT-7): longer than the LIMIT-3 case keeps its output
   * unread on a loaded machine, short enough for the LIMIT-7 case to end well within its deadline.
   */
  public static final int SEND_TIMEOUT_MILLIS = 1500;

  /**
   * The idle timeout --self runs with (LIMIT-5): longer than any case leaves the session without a
   * request and without input on a loaded machine, short enough for the LIMIT-5 case to end well
   * within its deadline.
   */
  public static final int IDLE_TIMEOUT_MILLIS = 1000;

  private SelfTarget() {}

  /**
   * The session configuration of the hosts tested like --self (NIO, Netty, TLS, an application's
   * own loop): --self's but for the idle timeout, which stays the SPEC's 300 s: with 1 s, a TLS
   * case over those hosts (tls/alpn-framewire-selected) was seen closed on a loaded machine, whose
   * handshakes and threads stretch the quiet spells a case leaves. Hosts run the session's idle
   * timer all the same (TcpTransportTest shows it); the LIMIT-5 case runs in process.
   */
  public static ServerConfig config() {
    ServerConfig d = ServerConfig.DEFAULTS;
    return d.withTimeouts(d.requestTimeout(), d.idleTimeout(), Duration.ofMillis(FRAME_READ_TIMEOUT_MILLIS))
        .withMaxOutboundBytes(MAX_OUTBOUND_BYTES).withSendTimeout(Duration.ofMillis(SEND_TIMEOUT_MILLIS));
  }

  /** The session configuration of --self: {@link #config()} with the {@value #IDLE_TIMEOUT_MILLIS} ms idle timeout. */
  public static ServerConfig selfConfig() {
    ServerConfig c = config();
    return c.withTimeouts(c.requestTimeout(), Duration.ofMillis(IDLE_TIMEOUT_MILLIS), c.frameReadTimeout());
  }

  /** The reference server of --self. */
  public static ReferenceServerAdapter adapter() {
    return new ReferenceServerAdapter(selfConfig(), System::nanoTime);
  }

  /**
   * What a host of {@link #config()} declares: {@link Capabilities#DEFAULTS}, its frame-read
   * timeout, its outbound queue limit, its send timeout, and the optional commands {@code say}
   * and {@code progress}, which every framewire host mounts with the others ({@code
   * CommandRegistry.conformance()}). Every framewire host applies LIMIT-7: the bare session on what
   * it lends ({@code outbound()}/{@code written(n)}), {@code SessionDriver} (NIO, Netty) on its own
   * byte count. No idle timeout is declared: the SPEC's 300 s is longer than a case may take.
   */
  public static Capabilities capabilities() {
    return Capabilities.DEFAULTS.with(Limit.FRAME_READ_TIMEOUT_MILLIS, FRAME_READ_TIMEOUT_MILLIS)
        .with(Limit.MAX_OUTBOUND_BYTES, MAX_OUTBOUND_BYTES).with(Limit.SEND_TIMEOUT_MILLIS, SEND_TIMEOUT_MILLIS)
        .withCommands(Capabilities.OPTIONAL_COMMANDS);
  }

  /** What --self declares: {@link #capabilities()} and its idle timeout (LIMIT-5), {@link #selfConfig()}. */
  public static Capabilities selfCapabilities() {
    return capabilities().with(Limit.IDLE_TIMEOUT_MILLIS, IDLE_TIMEOUT_MILLIS);
  }
}
