package org.framewire.transport;

import java.time.Duration;
import java.util.Objects;
import org.framewire.session.ServerConfig;

/**
 * Settings of a server transport (SPEC.md §9, §10): the session settings every connection's
 * session gets, and what the transport adds around them.
 *
 * @param session the settings of each connection's {@link org.framewire.session.ServerSession}; its
 *     data mode must be {@link ServerConfig.DataMode#BUFFER}, since handlers receive command data
 *     whole. Its {@link ServerConfig#maxOutboundBytes()} is the connection's outbound queue limit
 *     (LIMIT-3): above it the connection stops reading input and handlers' data writes wait; the
 *     transport counts in it the frames not yet written and the response data handlers handed over
 *     and the session has not framed yet.
 * @param readBufferSize bytes read from a connection at once. Default 64 KiB, one maximum-size
 *     frame: the session copies only frames split across reads.
 * @param closeLinger after the last frame went out, how long a closing connection keeps reading
 *     (and discarding) the peer's input before it closes, so that the peer receives the final frames
 *     instead of a reset. Default 2 s.
 * @param shutdownGrace how long {@code close()} lets requests in flight finish before it ends them
 *     with an error-response of type server. Default 10 s.
 * @param maxConnections connections a {@link TcpServer} serves at once; one more is closed as soon
 *     as it is accepted, before anything is allocated for it, and counted in {@link
 *     TcpServer#refusedConnections()}. Default 1024: each connection can pin the session limits of
 *     SPEC.md §10 (tens of MiB at worst), and file descriptors are finite.
 * @param maxSilentConnections connections that have not sent a byte yet ("half-open" from the
 *     protocol's view); when one more arrives, the oldest silent connection (read first: one whose
 *     bytes wait unread has spoken) is closed and counted
 *     in {@link TcpServer#evictedConnections()}. Default 64: a connecting client speaks at once, so
 *     many silent connections are an attack on the connection cap; evicting the oldest keeps the
 *     newest, likeliest genuine, ones.
 * @param maxDecoderContexts decoder contexts alive at once over all of a {@link TcpServer}'s
 *     connections, on top of each session's own bound ({@link
 *     org.framewire.streams.StreamLimits#maxDecoderContexts()}); stream settings that would create
 *     one more are an ENC-12 violation. Default 64: a zstd-8mb context may hold an 8 MiB window, so
 *     64 cap the server's decoder memory near 512 MiB whatever the number of connections. Used
 *     when the session's stream limits carry no shared {@link org.framewire.streams.DecoderBudget}
 *     already.
 */
public record TransportConfig(
    ServerConfig session, int readBufferSize, Duration closeLinger, Duration shutdownGrace,
    int maxConnections, int maxSilentConnections, int maxDecoderContexts) {

  /** Defaults: {@link ServerConfig#DEFAULTS}, 64 KiB, 2 s, 10 s, 1024, 64, 64. */
  public static final TransportConfig DEFAULTS =
      new TransportConfig(ServerConfig.DEFAULTS, 64 << 10, Duration.ofSeconds(2), Duration.ofSeconds(10), 1024, 64, 64);

  public TransportConfig {
    Objects.requireNonNull(session, "session");
    if (session.dataMode() != ServerConfig.DataMode.BUFFER) {
      throw new IllegalArgumentException("transports hand command data to handlers whole: use DataMode.BUFFER");
    }
    if (readBufferSize < 1) {
      throw new IllegalArgumentException("readBufferSize " + readBufferSize);
    }
    Objects.requireNonNull(closeLinger, "closeLinger");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (closeLinger.isNegative() || shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("negative duration");
    }
    if (maxConnections < 1 || maxSilentConnections < 1 || maxDecoderContexts < 1) {
      throw new IllegalArgumentException("maxConnections " + maxConnections + ", maxSilentConnections "
          + maxSilentConnections + ", maxDecoderContexts " + maxDecoderContexts + ": all must be positive");
    }
  }

  public TransportConfig withSession(ServerConfig s) {
    return new TransportConfig(s, readBufferSize, closeLinger, shutdownGrace, maxConnections, maxSilentConnections, maxDecoderContexts);
  }

  public TransportConfig withReadBufferSize(int n) {
    return new TransportConfig(session, n, closeLinger, shutdownGrace, maxConnections, maxSilentConnections, maxDecoderContexts);
  }

  public TransportConfig withCloseLinger(Duration d) {
    return new TransportConfig(session, readBufferSize, d, shutdownGrace, maxConnections, maxSilentConnections, maxDecoderContexts);
  }

  public TransportConfig withShutdownGrace(Duration d) {
    return new TransportConfig(session, readBufferSize, closeLinger, d, maxConnections, maxSilentConnections, maxDecoderContexts);
  }

  public TransportConfig withConnectionLimits(int connections, int silent) {
    return new TransportConfig(session, readBufferSize, closeLinger, shutdownGrace, connections, silent, maxDecoderContexts);
  }

  public TransportConfig withMaxDecoderContexts(int n) {
    return new TransportConfig(session, readBufferSize, closeLinger, shutdownGrace, maxConnections,
        maxSilentConnections, n);
  }
}
