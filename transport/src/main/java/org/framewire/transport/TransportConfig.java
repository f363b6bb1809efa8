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
 */
public record TransportConfig(
    ServerConfig session, int readBufferSize, Duration closeLinger, Duration shutdownGrace) {

  /** Defaults: {@link ServerConfig#DEFAULTS}, 64 KiB, 2 s, 10 s. */
  public static final TransportConfig DEFAULTS =
      new TransportConfig(ServerConfig.DEFAULTS, 64 << 10, Duration.ofSeconds(2), Duration.ofSeconds(10));

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
  }

  public TransportConfig withSession(ServerConfig s) {
    return new TransportConfig(s, readBufferSize, closeLinger, shutdownGrace);
  }

  public TransportConfig withReadBufferSize(int n) {
    return new TransportConfig(session, n, closeLinger, shutdownGrace);
  }

  public TransportConfig withCloseLinger(Duration d) {
    return new TransportConfig(session, readBufferSize, d, shutdownGrace);
  }

  public TransportConfig withShutdownGrace(Duration d) {
    return new TransportConfig(session, readBufferSize, closeLinger, d);
  }
}
