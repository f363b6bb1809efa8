package org.framewire.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.framewire.session.commands.TlsPeer;

/**
 * TLS stacked below a session (SPEC.md §9.3): a {@link Wire} that drives a JDK {@link SSLEngine}
 * over a socket channel. Ciphertext in, plaintext out; plaintext gather buffers in, ciphertext out.
 *
 * <p>Copies: {@link #read} decrypts straight into the caller's buffer and {@link #write} encrypts
 * the session's header and payload buffers (one gathering {@code wrap}) straight into the outbound
 * record buffer: the encryption is the only copy a byte gets on either side.
 *
 * <p>Memory, bounded per connection: up to four records of ciphertext in (as much as the
 * connection's read buffer, 64 KiB by default; a record is {@code packetBufferSize}, about 16.7
 * KiB) and two records out. A read takes from the socket no more ciphertext than the caller's buffer
 * has room for in plaintext (the engine wants an application buffer's room for each record), and
 * decrypts every complete record it holds, so nothing decryptable waits in the wire between reads
 * (the selector sees all input).
 *
 * <p>Threads: on a selector loop everything runs on its thread, and the handshake's delegated tasks
 * run inline there (no thread per connection). In {@link RawClient} a reader thread calls {@link
 * #read} while a writer thread calls {@link #write}: the engine allows {@code wrap} and {@code
 * unwrap} at once, and the output side (wrap, the record buffer, socket writes) is under one lock,
 * which a read takes only to answer a handshake message (TLS 1.3 key update).
 *
 * <p>Limits: the handshake must end by its deadline ({@link #onDeadline}), else the connection
 * fails; a peer's malformed or plaintext bytes make the engine throw {@link SSLException}, which
 * the connection treats as an I/O failure and closes on.
 */
final class TlsWire implements Wire {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SocketChannel channel;
  private final SSLEngine engine;
  private final Duration handshakeTimeout;
  private final long handshakeDeadline;
  private final ReentrantLock outLock = new ReentrantLock();
  /** Ciphertext read and not yet decrypted (write mode). */
  private ByteBuffer netIn;
  /** Ciphertext made and not yet written (write mode); under {@link #outLock}. */
  private ByteBuffer netOut;
  /** Plaintext decrypted during a blocking handshake, before a reader asked for it; or null. */
  private ByteBuffer early;
  private volatile boolean handshakeDone;
  private volatile TlsPeer peer;
  private boolean inputStalled;
  /** Why the input failed, for a writer that finds the engine closed after it; or null. */
  private volatile SSLException inboundFailure;
  private boolean closeSent;
  private boolean tcpShut;

  /**
   * @param engine a fresh engine in client or server mode; its handshake begins here
   * @param handshakeTimeout how long from now the handshake may take
   * @param readSize the plaintext a read takes at once (the connection's read buffer): the
   *     ciphertext buffer holds as much, up to four records, so a read is one socket read
   */
  TlsWire(SocketChannel channel, SSLEngine engine, Duration handshakeTimeout, int readSize) throws SSLException {
    this.channel = channel;
    this.engine = engine;
    this.handshakeTimeout = handshakeTimeout;
    this.handshakeDeadline = System.nanoTime() + handshakeTimeout.toNanos();
    int packet = engine.getSession().getPacketBufferSize();
    this.netIn = ByteBuffer.allocateDirect(Math.max(packet, Math.min(readSize, 4 * packet)));
    this.netOut = ByteBuffer.allocateDirect(2 * packet);
    engine.beginHandshake();
  }

  /** Whether the handshake has finished. */
  boolean handshakeDone() {
    return handshakeDone;
  }

  @Override
  public TlsPeer peer() {
    return peer;
  }

  @Override
  public boolean ready() {
    return handshakeDone;
  }

  /**
   * Best effort at a close_notify before the caller closes the channel: only when no other thread
   * is writing and the record buffer is empty, so that it cannot block on a peer that stopped reading.
   */
  void closeQuietly() {
    if (outLock.tryLock()) {
      try {
        if (handshakeDone && netOut.position() == 0 && channel.isOpen()) {
          shutdownOutput();
        }
      } catch (IOException e) {
        // the channel closes next either way
      } finally {
        outLock.unlock();
      }
    }
  }

  // ---------------------------------------------------------------- input

  /** The raw ciphertext, dropped undecrypted: the session has ended and nothing more is read. */
  @Override
  public int discard(ByteBuffer scratch) throws IOException {
    early = null;
    netIn.clear();
    return channel.read(scratch);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    int start = dst.position();
    if (early != null) {
      int n = Math.min(early.remaining(), dst.remaining());
      dst.put(early.slice().limit(n));
      early.position(early.position() + n);
      if (!early.hasRemaining()) {
        early = null;
      }
      return n;
    }
    boolean blocking = channel.isBlocking();
    while (true) {
      boolean ended = false;
      if (!engine.isInboundDone()) {
        // The engine decrypts a record only into at least an application buffer's room, and
        // plaintext is never longer than its ciphertext: hold no more ciphertext than leaves that
        // room before the last record, so every record read is decrypted now and none waits
        // unseen by the selector.
        int room = Math.min(netIn.remaining(),
            dst.remaining() - engine.getSession().getApplicationBufferSize() - netIn.position());
        if (room > 0) {
          int limit = netIn.limit();
          netIn.limit(netIn.position() + room);
          try {
            ended = channel.read(netIn) < 0;
          } finally {
            netIn.limit(limit);
          }
        } else if (netIn.position() == 0) {
          throw new IllegalArgumentException("read buffer of " + dst.remaining() + " bytes cannot take a TLS record");
        }
      }
      unwrapAll(dst);
      int produced = dst.position() - start;
      if (produced > 0) {
        return produced;
      }
      if (engine.isInboundDone()) {
        return -1; // the peer's close_notify
      }
      if (ended) {
        if (!handshakeDone) {
          throw new SSLHandshakeException("the peer closed the connection during the TLS handshake");
        }
        return -1; // end of input without close_notify: the session sees whether a frame was cut
      }
      if (!blocking) {
        return 0;
      }
    }
  }

  /**
   * Whether complete records wait in the wire because the handshake needed to write first and the
   * socket did not take it: the connection reads again once the wire has flushed.
   */
  @Override
  public boolean hasBufferedInput() {
    return inputStalled && !hasPendingOutput();
  }

  /** Decrypts every complete record in {@link #netIn} into {@code dst}, answering the handshake. */
  private void unwrapAll(ByteBuffer dst) throws IOException {
    inputStalled = false;
    netIn.flip();
    try {
      unwrapFlipped(dst);
    } catch (SSLException e) {
      inboundFailure = e;
      sendAlert(); // the engine refused the peer's bytes (a delegated task's verdict among them)
      throw e;
    } finally {
      netIn.compact();
    }
  }

  private void unwrapFlipped(ByteBuffer dst) throws IOException {
    while (true) {
      HandshakeStatus hs = engine.getHandshakeStatus();
      if (hs == HandshakeStatus.NEED_TASK) {
        runTasks();
        continue;
      }
      if (hs == HandshakeStatus.NEED_WRAP) {
        if (!wrapHandshake()) {
          inputStalled = netIn.hasRemaining();
          return;
        }
        continue;
      }
      if (!netIn.hasRemaining() || engine.isInboundDone()) {
        return;
      }
      SSLEngineResult r = engine.unwrap(netIn, dst);
      noteHandshake(r.getHandshakeStatus());
      switch (r.getStatus()) {
        case OK -> {
          if (r.bytesConsumed() == 0 && r.bytesProduced() == 0 && engine.getHandshakeStatus() == hs) {
            return;
          }
        }
        case BUFFER_UNDERFLOW -> {
          int packet = engine.getSession().getPacketBufferSize();
          if (packet > netIn.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(packet);
            bigger.put(netIn);
            netIn = bigger;
            netIn.flip();
          }
          return;
        }
        case BUFFER_OVERFLOW -> {
          inputStalled = true; // dst is full; never with the sizes read() keeps
          return;
        }
        case CLOSED -> {
          return;
        }
      }
    }
  }

  /**
   * After the engine refused the peer's bytes: writes the alert it queued (bad_certificate,
   * unexpected_message, ...) if the socket takes it at once, so the peer learns why it is closed.
   */
  private void sendAlert() {
    if (!outLock.tryLock()) {
      return;
    }
    try {
      for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
        if (engine.wrap(EMPTY, netOut).bytesProduced() == 0) {
          break;
        }
      }
      flushLocked();
    } catch (IOException | RuntimeException ignored) {
      // the connection closes next; the alert was a courtesy
    } finally {
      outLock.unlock();
    }
  }

  // ---------------------------------------------------------------- output

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    outLock.lock();
    try {
      if (!flushLocked() || !handshakeDone) {
        if (!handshakeDone) {
          wrapHandshake();
        }
        return 0;
      }
      int packet = engine.getSession().getPacketBufferSize();
      int end = offset + length;
      long taken = 0;
      while (offset < end) {
        if (netOut.remaining() < packet && !flushLocked() && netOut.remaining() < packet) {
          break;
        }
        SSLEngineResult r = engine.wrap(srcs, offset, end - offset, netOut);
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
          SSLException why = inboundFailure;
          throw why == null ? new SSLException("TLS output is closed")
              : new SSLException("TLS output is closed: " + why.getMessage(), why);
        }
        taken += r.bytesConsumed();
        while (offset < end && !srcs[offset].hasRemaining()) {
          offset++;
        }
        if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
          runTasks();
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW || r.bytesConsumed() == 0) {
          if (netOut.position() == 0) {
            throw new SSLException("TLS record does not fit the " + netOut.capacity() + "-byte record buffer");
          }
          if (!flushLocked()) {
            break;
          }
        }
      }
      flushLocked();
      return taken;
    } finally {
      outLock.unlock();
    }
  }

  @Override
  public boolean flush() throws IOException {
    outLock.lock();
    try {
      if (!handshakeDone && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
        return wrapHandshake();
      }
      return flushLocked();
    } finally {
      outLock.unlock();
    }
  }

  @Override
  public boolean hasPendingOutput() {
    outLock.lock();
    try {
      return netOut.position() > 0;
    } finally {
      outLock.unlock();
    }
  }

  @Override
  public boolean shutdownOutput() throws IOException {
    outLock.lock();
    try {
      if (!closeSent) {
        closeSent = true;
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
          SSLEngineResult r = engine.wrap(EMPTY, netOut);
          if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            if (!flushLocked()) {
              closeSent = false; // wrap the close_notify once the socket took the rest
              return false;
            }
          } else if (r.bytesProduced() == 0) {
            break;
          }
        }
      }
      if (!flushLocked()) {
        return false;
      }
      if (!tcpShut) {
        tcpShut = true;
        channel.shutdownOutput();
      }
      return true;
    } finally {
      outLock.unlock();
    }
  }

  /** Makes the handshake's records and writes them; true when all of them went out. */
  private boolean wrapHandshake() throws IOException {
    outLock.lock();
    try {
      while (true) {
        HandshakeStatus hs = engine.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) {
          runTasks();
          continue;
        }
        if (hs != HandshakeStatus.NEED_WRAP) {
          return flushLocked();
        }
        SSLEngineResult r = engine.wrap(EMPTY, netOut);
        noteHandshake(r.getHandshakeStatus());
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
          if (!flushLocked()) {
            return false;
          }
        } else if (r.getStatus() == SSLEngineResult.Status.CLOSED && r.bytesProduced() == 0) {
          return flushLocked();
        }
      }
    } finally {
      outLock.unlock();
    }
  }

  /** Writes {@link #netOut}; true when it is empty. Call under {@link #outLock}. */
  private boolean flushLocked() throws IOException {
    if (netOut.position() == 0) {
      return true;
    }
    netOut.flip();
    try {
      while (netOut.hasRemaining()) {
        if (channel.write(netOut) == 0) {
          break;
        }
      }
    } finally {
      netOut.compact();
    }
    return netOut.position() == 0;
  }

  // ---------------------------------------------------------------- handshake

  private void runTasks() {
    for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
      task.run();
    }
  }

  private void noteHandshake(HandshakeStatus status) {
    if (status == HandshakeStatus.FINISHED && !handshakeDone) {
      peer = TlsPeer.of(engine.getSession());
      handshakeDone = true;
    }
  }

  @Override
  public long deadline() {
    return handshakeDone ? Long.MAX_VALUE : handshakeDeadline;
  }

  @Override
  public void onDeadline(long now) throws IOException {
    if (!handshakeDone && now - handshakeDeadline >= 0) {
      throw new SSLHandshakeException("TLS handshake not finished within " + handshakeTimeout);
    }
  }

  /**
   * Runs the whole handshake on a blocking-capable channel that is non-blocking now, waiting in a
   * private selector until the handshake deadline; the channel is left blocking. For clients, whose
   * threads begin once the session can talk.
   */
  void handshake() throws IOException {
    ByteBuffer scratch = ByteBuffer.allocate(2 * engine.getSession().getApplicationBufferSize()
        + engine.getSession().getPacketBufferSize());
    try (Selector selector = Selector.open()) {
      SelectionKey key = channel.register(selector, 0);
      while (!handshakeDone) {
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
          runTasks();
          continue;
        }
        boolean flushed = flush();
        int ops = !flushed ? SelectionKey.OP_WRITE
            : engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP ? SelectionKey.OP_READ : 0;
        if (ops == 0) {
          if (engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
            handshakeDone = true; // a resumed session may finish without a FINISHED status seen here
            peer = TlsPeer.of(engine.getSession());
          }
          continue;
        }
        key.interestOps(ops);
        long left = handshakeDeadline - System.nanoTime();
        if (left <= 0) {
          onDeadline(System.nanoTime());
        }
        selector.select(Math.max(1, left / 1_000_000));
        selector.selectedKeys().clear();
        if ((ops & SelectionKey.OP_READ) != 0) {
          if (read(scratch) < 0) {
            throw new SSLHandshakeException("the peer closed the connection during the TLS handshake");
          }
        }
      }
      key.cancel();
    }
    channel.configureBlocking(true);
    flush();
    scratch.flip();
    if (scratch.hasRemaining()) {
      early = scratch;
    }
  }
}
