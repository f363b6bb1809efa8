package org.framewire.session.commands;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import org.framewire.cbor.CborValue;
import org.framewire.session.ServerEvent;

/**
 * One command to run: a complete command request (SPEC.md §6.1) and its command data (§6.2), as a
 * {@link CommandHandler} receives it. Immutable; it owns its data, so a handler may keep it beyond
 * the call.
 *
 * @param requestId the client's request id (odd, unique among the session's requests in flight)
 * @param command the command name, the bytes of the request's {@code name} read as Latin-1 so that
 *     every byte maps to one char and back
 * @param args the request's {@code args} map; empty when the request had none
 * @param files the request's {@code files}, the paths the command applies to (CMD-1); empty when
 *     the request had none
 * @param data the command data, read-only; empty (not absent) when the request had none
 * @param redirect the content-redirect offer of the request (§6.4), or {@code null}: a handler may
 *     answer with {@link ResponseWriter#redirect} only when it is present (CMD-9)
 * @param tls what TLS established about the client (SPEC.md §9.3), its verified certificate among
 *     it under mutual TLS, for a handler that authorises per command; {@code null} when the
 *     connection has no TLS
 */
public record CommandCall(
    int requestId, String command, CborValue.MapValue args, List<CborValue.Bytes> files, ByteBuffer data,
    CborValue.MapValue redirect, TlsPeer tls) {

  private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0).asReadOnlyBuffer();

  public CommandCall {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(args, "args");
    files = List.copyOf(files);
    data = data == null ? NO_DATA : data.isReadOnly() ? data.slice() : data.asReadOnlyBuffer().slice();
  }

  /** A call over a connection without TLS. */
  public CommandCall(int requestId, String command, CborValue.MapValue args, List<CborValue.Bytes> files,
      ByteBuffer data, CborValue.MapValue redirect) {
    this(requestId, command, args, files, data, redirect, null);
  }

  /**
   * The call a session's {@link ServerEvent.RunCommand} asks for (BUFFER data mode: with its
   * command data, a buffer the event owns, so the call may outlive the input buffer).
   */
  public static CommandCall from(ServerEvent.RunCommand run) {
    return new CommandCall(run.requestId(), run.command(), run.args(), run.files(), run.data(), run.redirect());
  }

  /** A call without data or redirect offer, for tests and in-process use. */
  public static CommandCall of(int requestId, String command, CborValue.MapValue args) {
    return new CommandCall(requestId, command, args, List.of(), null, null);
  }

  /** The argument named {@code name} (a byte-string key, Latin-1), or {@code null}. */
  public CborValue arg(String name) {
    return args.get(name);
  }

  /** The command data as a fresh array; empty when there is none. */
  public byte[] dataBytes() {
    byte[] b = new byte[data.remaining()];
    data.duplicate().get(b);
    return b;
  }
}
