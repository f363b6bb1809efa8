package org.framewire.session.commands;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.framewire.cbor.CborValue;

/**
 * Thrown by a {@link CommandHandler} to answer with a command error response (SPEC.md §6.3,
 * CMD-10): the status map {@code {status: error, error: {message: MESSAGE, args: [ARGS]}}}. It is
 * Mercurial's {@code WireprotoCommandError}. Thrown after the handler already wrote output, it can
 * no longer become a status map; the response then ends with an error-response of type {@code
 * server} instead (SPEC.md §7.1).
 *
 * <p>The message is a format string whose {@code %s} take the arguments in order (§7.3), so that a
 * client can translate the message and still show the arguments; keep user data out of the
 * message itself and pass it as an argument.
 */
public final class CommandError extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<CborValue> args;

  /** An error whose arguments are text, sent as UTF-8 byte strings. */
  public CommandError(String message, String... args) {
    this(message, utf8(args));
  }

  /** An error with arguments as CBOR values (byte strings, as a rule). */
  public CommandError(String message, List<? extends CborValue> args) {
    super(Objects.requireNonNull(message, "message"));
    this.args = List.copyOf(args);
  }

  /** The message's arguments; empty for none. */
  public List<CborValue> args() {
    return args;
  }

  private static List<CborValue> utf8(String... args) {
    List<CborValue> out = new ArrayList<>(args.length);
    for (String a : args) {
      out.add(new CborValue.Bytes(a.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }
}
