package org.framewire.session.commands;

import java.nio.ByteBuffer;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.session.ProgressUpdate;
import org.framewire.session.ServerResponse;
import org.framewire.session.TextAtom;

/**
 * A {@link CommandHandler}'s side of one response (SPEC.md §6.3), the one interface a handler
 * writes to on every host. Two implementations: the session's own {@link ServerResponse}, for a
 * handler run on the thread that drives the session (an application's own loop; its writes only
 * queue frames and never wait), and the transports' thread-safe writer, for a handler run on an
 * executor, which hands every call on to the session's thread in order and never blocks the
 * host's I/O thread. The response's progress is one {@link org.framewire.session.ResponsePhase}.
 *
 * <p>A response is one of: values (the status map {@code ok} is written before the first one, or by
 * {@link #end()} when there are none, CMD-15), a command error ({@link #commandError}, CMD-10), or a
 * content redirect ({@link #redirect}, §6.4). {@link #serverError} ends it at any point with an
 * error-response frame of type {@code server} (§7.1, ERR-4). Text output and progress frames (§7.3,
 * §7.4) may go out while it is open.
 *
 * <p><b>Backpressure.</b> On the transports the data writes ({@link #writeObject}, {@link #writeEncoded}, {@link
 * #writeByteString}, {@link #writeBytesChunk}) wait while the connection's outbound queue holds more
 * than its limit (SPEC.md §10, LIMIT-3), so a handler producing for a client that does not read
 * stalls instead of filling memory. (On a plain session they cannot wait, since the handler runs
 * on the loop thread: a long response is better produced in steps, or on a transport.) They throw {@link InterruptedException} when the handler's
 * thread is interrupted while waiting.
 *
 * <p><b>Ownership.</b> A buffer handed to a write belongs to the writer from then on: its remaining
 * bytes are sent later, from another thread, so the caller must not change them. Read-only views
 * of data that never changes (a constant pattern, a memory-mapped file) cost no copy at all.
 *
 * <p><b>After the client is gone.</b> Once the session has closed (the client disconnected, broke
 * the protocol, or the server shut down) every write is silently dropped and {@link #isOpen()} is
 * false: a long-running handler should check it and stop.
 *
 * <p>Misuse throws {@link IllegalStateException} on the caller's thread: a value after the end, a
 * command error or redirect after a value, a chunk outside a byte string.
 */
public interface ResponseWriter {

  /** The request this response answers. */
  int requestId();

  /** Whether writes still reach the client: the response has not ended and the session is open. */
  boolean isOpen();

  /** Whether anything of the response was written: a status map, a value, a byte string. */
  boolean hasOutput();

  /** Whether the client offered content redirects for this request (CMD-9). */
  boolean redirectOffered();

  /** Writes one CBOR value, preceded by the ok status map if it is the first. */
  ResponseWriter writeObject(CborValue value) throws InterruptedException;

  /**
   * Writes bytes that already are the CBOR encoding of one or more whole values (a cached
   * response, say), passed on unchanged apart from the stream's content encoding.
   */
  ResponseWriter writeEncoded(ByteBuffer cbor) throws InterruptedException;

  /**
   * Writes one definite-length byte string holding {@code bytes}' remaining bytes: the CBOR head,
   * then the bytes themselves, never copied into an intermediate value.
   */
  ResponseWriter writeByteString(ByteBuffer bytes) throws InterruptedException;

  /** Starts an indefinite-length byte string; {@link #writeBytesChunk} and {@link #endBytes} follow. */
  ResponseWriter beginBytes();

  /** Writes one chunk of the open indefinite-length byte string. */
  ResponseWriter writeBytesChunk(ByteBuffer chunk) throws InterruptedException;

  /** Ends the open indefinite-length byte string. */
  ResponseWriter endBytes();

  /** Sends a text-output frame for this request (TEXT-1); the atoms must fit one frame. */
  ResponseWriter textOutput(List<TextAtom> atoms);

  /** Sends a progress frame for this request (PROG-1). */
  ResponseWriter progress(ProgressUpdate update);

  /**
   * A flush point: the values written so far go to the client now rather than when a frame fills
   * (on an encoded stream the encoder is flushed, ENC-4, at some cost in compression). Hosts flush
   * open responses on their own whenever their loop runs out of work, so a handler needs this only
   * to mark a point while the host stays busy.
   */
  ResponseWriter flush();

  /** Ends the response: the rest of its frames and the final one with {@code eos} (CMD-8). */
  void end();

  /**
   * Answers with a command error instead of values (CMD-10); this ends the response.
   *
   * @param message the format string, whose {@code %s} take {@code args} in order
   * @param args the message's arguments, byte strings as a rule; empty for none
   */
  void commandError(String message, List<? extends CborValue> args);

  /**
   * As {@link #commandError(String, List)}, with the message's bytes as they are: not transcoded,
   * so a message that is not UTF-8 (Appendix A {@code fail}, CONF-1) reaches the client unchanged.
   *
   * @param message the format string's bytes
   * @param args the message's arguments, byte strings as a rule; empty for none
   */
  void commandError(CborValue.Bytes message, List<? extends CborValue> args);

  /**
   * Answers with a content redirect (SPEC.md §6.4); {@link #end()} follows.
   *
   * @param location the location map: byte strings {@code url} and {@code mediatype} at least
   * @throws IllegalStateException when the client offered no redirect target (CMD-9)
   */
  ResponseWriter redirect(CborValue.MapValue location);

  /** Ends the response with an error-response of type {@code server} (§7.1), whatever was written. */
  void serverError(String message);
}
