package org.framewire.session.commands;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.session.ProgressUpdate;
import org.framewire.session.TextAtom;

/**
 * The conformance commands of SPEC.md Appendix A (CONF-1), which every server built on framewire
 * can mount, and through which the conformance suite drives a server under test.
 *
 * <ul>
 *   <li>{@link #ECHO}: one value, the request's {@code args} map as received.
 *   <li>{@link #ECHODATA}: one value, a byte string holding the command data (empty when none).
 *   <li>{@link #STREAM}: arguments {@code count} and {@code size}; {@code count} byte strings of
 *       {@code size} bytes, byte j of string k being (k + j) mod 256.
 *   <li>{@link #FAIL}: argument {@code message}; a command error response carrying it and no args.
 *   <li>{@link #REDIRECT} (CONF-2): argument {@code url}; a redirect to it when the client offered a
 *       redirect target (CMD-9), else one value, the url.
 *   <li>{@link #FAILAFTER} (CONF-2): arguments {@code count} and {@code message}; {@code count}
 *       values, each the message, then an error-response of type {@code server} (ERR-4); a command
 *       error response when {@code count} is 0.
 *   <li>{@link #SAY} (optional): argument {@code message}; one text-output frame holding the atom
 *       {@code {msg: "%s", args: [message]}} (TEXT-1), then one value, the message.
 *   <li>{@link #PROGRESS} (optional): arguments {@code topic} and {@code total}; progress frames at
 *       positions 0 to {@code total} of {@code total}, one at -1 (PROG-1), then one value, {@code total}.
 * </ul>
 *
 * A missing or ill-typed argument gets a command error response, as Appendix A requires.
 */
public final class ConformanceCommands {

  /** Largest {@code count × size} the {@code stream} command serves: 2^30 bytes, as Appendix A allows. */
  public static final long MAX_STREAM_BYTES = 1L << 30;

  /**
   * Strings of {@code stream} up to this size are sent as one definite-length byte string; longer
   * ones as an indefinite-length byte string in chunks of this size, so that no string is ever held
   * whole (SPEC.md §5.3 recommends the indefinite form for large strings).
   */
  public static final int STREAM_CHUNK = 1 << 16;

  /**
   * The pattern every {@code stream} chunk is a window of: byte i is i mod 256, long enough for a
   * chunk starting at any offset mod 256. It never changes, so chunks are read-only views of it,
   * never copies.
   */
  private static final byte[] PATTERN = new byte[STREAM_CHUNK + 256];

  static {
    for (int i = 0; i < PATTERN.length; i++) {
      PATTERN[i] = (byte) i;
    }
  }

  /** {@code echo}: the args map as received (an empty map for none). */
  public static final CommandHandler ECHO = (call, out) -> {
    out.writeObject(call.args());
    out.end();
  };

  /** {@code echodata}: the command data as one byte string, empty when there was none. */
  public static final CommandHandler ECHODATA = (call, out) -> {
    out.writeByteString(call.data());
    out.end();
  };

  /** {@code stream}: {@code count} byte strings of {@code size} bytes, byte j of string k = (k + j) mod 256. */
  public static final CommandHandler STREAM = (call, out) -> {
    long count = nonNegative(call, "count");
    long size = nonNegative(call, "size");
    if (BigInteger.valueOf(count).multiply(BigInteger.valueOf(size)).compareTo(BigInteger.valueOf(MAX_STREAM_BYTES)) > 0) {
      throw new CommandError("stream: count * size exceeds %s bytes", String.valueOf(MAX_STREAM_BYTES));
    }
    for (long k = 0; k < count && out.isOpen(); k++) {
      int first = (int) (k & 0xff);
      if (size <= STREAM_CHUNK) {
        out.writeByteString(window(first, (int) size));
        continue;
      }
      out.beginBytes();
      for (long j = 0; j < size && out.isOpen(); j += STREAM_CHUNK) {
        int n = (int) Math.min(STREAM_CHUNK, size - j);
        out.writeBytesChunk(window((int) ((first + j) & 0xff), n));
      }
      out.endBytes();
    }
    out.end();
  };

  /** {@code fail}: a command error response whose message is the {@code message} argument, without args. */
  public static final CommandHandler FAIL = (call, out) -> {
    if (!(call.arg("message") instanceof CborValue.Bytes message)) {
      throw new CommandError("fail: argument %s must be a byte string", "message");
    }
    out.commandError(message, List.of());
  };

  /** The media type of every {@code redirect} location. */
  public static final String REDIRECT_MEDIA_TYPE = "application/octet-stream";

  /** {@code redirect}: a redirect to {@code url} when the client offered a target, else {@code url} as the one value. */
  public static final CommandHandler REDIRECT = (call, out) -> {
    if (!(call.arg("url") instanceof CborValue.Bytes url)) {
      throw new CommandError("redirect: argument %s must be a byte string", "url");
    }
    if (out.redirectOffered()) {
      out.redirect(CborValue.MapValue.of(CborValue.Bytes.of("url"), url,
          CborValue.Bytes.of("mediatype"), CborValue.Bytes.of(REDIRECT_MEDIA_TYPE)));
    } else {
      out.writeObject(url);
    }
    out.end();
  };

  /** {@code failafter}: {@code count} values, each {@code message}, then a server error (a command error for 0). */
  public static final CommandHandler FAILAFTER = (call, out) -> {
    long count = nonNegative(call, "count");
    if (!(call.arg("message") instanceof CborValue.Bytes message)) {
      throw new CommandError("failafter: argument %s must be a byte string", "message");
    }
    String text = new String(message.value(), StandardCharsets.UTF_8);
    if (count == 0) {
      out.commandError(message, List.of());
      return;
    }
    for (long k = 0; k < count && out.isOpen(); k++) {
      out.writeObject(message);
    }
    out.serverError(text);
  };

  /** Largest {@code total} the {@code progress} command serves, as Appendix A allows: 1024 positions. */
  public static final long MAX_PROGRESS_TOTAL = 1024;

  /** {@code say} (optional): a text-output frame {@code [{msg: "%s", args: [message]}]}, then the message as the one value. */
  public static final CommandHandler SAY = (call, out) -> {
    if (!(call.arg("message") instanceof CborValue.Bytes message)) {
      throw new CommandError("say: argument %s must be a byte string", "message");
    }
    out.textOutput(List.of(new TextAtom("%s", List.of(new String(message.value(), StandardCharsets.UTF_8)), List.of())));
    out.writeObject(message);
    out.end();
  };

  /** {@code progress} (optional): progress at 0 to {@code total} of {@code total}, the end of the topic (-1), then {@code total}. */
  public static final CommandHandler PROGRESS = (call, out) -> {
    if (!(call.arg("topic") instanceof CborValue.Bytes topic)) {
      throw new CommandError("progress: argument %s must be a byte string", "topic");
    }
    long total = nonNegative(call, "total");
    if (total > MAX_PROGRESS_TOTAL) {
      throw new CommandError("progress: total exceeds %s", String.valueOf(MAX_PROGRESS_TOTAL));
    }
    String name = new String(topic.value(), StandardCharsets.UTF_8);
    for (long pos = 0; pos <= total && out.isOpen(); pos++) {
      out.progress(new ProgressUpdate(name, pos, total, null, null));
    }
    out.progress(ProgressUpdate.of(name, -1));
    out.writeObject(new CborValue.Int(total));
    out.end();
  };

  private ConformanceCommands() {}

  /**
   * Registers the eight commands under their names: the six every server under test implements
   * (CONF-1, CONF-2) and the two optional ones, {@code say} and {@code progress}.
   */
  public static CommandRegistry.Builder addTo(CommandRegistry.Builder builder) {
    return builder.add("echo", ECHO).add("echodata", ECHODATA).add("stream", STREAM).add("fail", FAIL)
        .add("redirect", REDIRECT).add("failafter", FAILAFTER).add("say", SAY).add("progress", PROGRESS);
  }

  /** Byte j of the result is (first + j) mod 256. */
  static ByteBuffer window(int first, int length) {
    return ByteBuffer.wrap(PATTERN, first, length).slice().asReadOnlyBuffer();
  }

  private static long nonNegative(CommandCall call, String name) throws CommandError {
    if (!(call.arg(name) instanceof CborValue.Int i) || !i.fitsLong() || i.value() < 0) {
      throw new CommandError(call.command() + ": argument %s must be a non-negative integer", name);
    }
    return i.value();
  }
}
