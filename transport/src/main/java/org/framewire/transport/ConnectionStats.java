package org.framewire.transport;

import java.net.SocketAddress;

/**
 * A snapshot of one connection of a {@link TcpServer}, for monitoring and tests.
 *
 * @param name the connection's label, as the {@link TransportListener} sees it
 * @param remote the peer's address
 * @param queuedBytes bytes owed to the peer now: frames not yet written plus response data handed
 *     over by handlers and not yet framed (LIMIT-3)
 * @param peakQueuedBytes the most bytes ever owed at once
 * @param readPauses how often reading stopped because the queue was over its limit
 * @param readingPaused whether reading is stopped for that reason now
 * @param activeResponses responses handlers are producing now
 */
public record ConnectionStats(
    String name, SocketAddress remote, long queuedBytes, long peakQueuedBytes, int readPauses,
    boolean readingPaused, int activeResponses) {}
