package org.framewire.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The seam between a connection and its socket: the only place a {@link NioConnection} or a {@link
 * RawClient} reads or writes bytes. {@link #plain} is the socket itself; {@link TlsWire} stacks TLS
 * below the session (SPEC.md §9.3), which never knows which one it runs over.
 */
interface Wire {

  /** Reads plaintext into {@code dst}: bytes read, 0 when none is ready yet, -1 at the end of input. */
  int read(ByteBuffer dst) throws IOException;

  /**
   * Reads and drops what arrives after the session ended (a close lingering until the peer closes,
   * ERR-2): bytes dropped, -1 at the end of input. TLS drops the ciphertext undecrypted, so a peer
   * that goes on flooding a closed session costs no decryption and no allocation.
   */
  default int discard(ByteBuffer scratch) throws IOException {
    return read(scratch);
  }

  /** Writes plaintext from {@code srcs[offset..offset+length)}: bytes taken, which may be 0. */
  long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

  /** Writes what the wire itself holds (ciphertext, handshake records); true when nothing is left. */
  boolean flush() throws IOException;

  /** Whether the wire holds bytes it could not write yet and waits for the socket to take them. */
  boolean hasPendingOutput();

  /**
   * Ends output after everything written so far (TLS: close_notify, then the TCP half-close). False
   * when the socket did not take all of it yet: call again once it is writable.
   */
  boolean shutdownOutput() throws IOException;

  /** The {@link System#nanoTime()} deadline the wire needs, {@link Long#MAX_VALUE} for none. */
  long deadline();

  /** The deadline passed: throws when the wire cannot go on (a handshake that did not finish). */
  void onDeadline(long now) throws IOException;

  /** Whether {@link #write} takes plaintext now (TLS: once the handshake finished). */
  default boolean ready() {
    return true;
  }

  /**
   * Whether input the wire already holds waits to be read although the socket may have nothing new
   * (TLS: records behind a handshake message that could not be written at once).
   */
  default boolean hasBufferedInput() {
    return false;
  }

  /** The peer's TLS identity once the handshake finished, else {@code null}. */
  default org.framewire.session.commands.TlsPeer peer() {
    return null;
  }

  /** The socket channel itself, no layer in between. */
  static Wire plain(SocketChannel channel) {
    return new Wire() {
      @Override
      public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
      }

      @Override
      public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return channel.write(srcs, offset, length);
      }

      @Override
      public boolean flush() {
        return true;
      }

      @Override
      public boolean hasPendingOutput() {
        return false;
      }

      @Override
      public boolean shutdownOutput() throws IOException {
        channel.shutdownOutput();
        return true;
      }

      @Override
      public long deadline() {
        return Long.MAX_VALUE;
      }

      @Override
      public void onDeadline(long now) {
        // nothing to time out
      }
    };
  }
}
