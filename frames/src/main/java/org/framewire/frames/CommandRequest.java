package org.framewire.frames;

import org.framewire.spec.ProtocolException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.spec.Requirement;

/**
 * The content of a command request (SPEC.md §6.1, {@code CMD-1}): the command's name, its
 * arguments and an optional content-redirect offer, as carried by the CBOR map in the payload of
 * the request's {@code command-request} frames. Command data (§6.2) is not part of this value; see
 * {@link CommandFramer}.
 *
 * <p>{@link #toCbor()} builds the map exactly as Mercurial's {@code createcommandframes} does:
 * {@code name} always, {@code args} only when there is at least one argument, {@code redirect} only
 * when it is present and not empty (Python's {@code if args:} / {@code if redirect:}). The
 * encoder sorts the keys deterministically ({@code CBOR-3}).
 *
 * @param name the command name as a byte string, e.g. {@code heads}
 * @param args the arguments, keys and values as the command defines them; never {@code null},
 *     empty when there are none
 * @param redirect the client's redirect offer ({@code targets}, {@code hashes}; §6.4), or {@code
 *     null}
 */
public record CommandRequest(CborValue.Bytes name, CborValue.MapValue args, CborValue.MapValue redirect) {

  private static final CborValue.Bytes KEY_NAME = CborValue.Bytes.of("name");
  private static final CborValue.Bytes KEY_ARGS = CborValue.Bytes.of("args");
  private static final CborValue.Bytes KEY_REDIRECT = CborValue.Bytes.of("redirect");
  private static final CborValue.MapValue NO_ARGS = new CborValue.MapValue(List.of());

  public CommandRequest {
    Objects.requireNonNull(name, "name");
    args = args == null ? NO_ARGS : args;
  }

  /** A request without arguments; the name is encoded as UTF-8 (ASCII for every known command). */
  public static CommandRequest of(String name) {
    return of(name, NO_ARGS);
  }

  /** A request with arguments and no redirect offer. */
  public static CommandRequest of(String name, CborValue.MapValue args) {
    return new CommandRequest(new CborValue.Bytes(name.getBytes(StandardCharsets.UTF_8)), args, null);
  }

  /** This request with a redirect offer. */
  public CommandRequest withRedirect(CborValue.MapValue offer) {
    return new CommandRequest(name, args, offer);
  }

  /** The name read as UTF-8, for logs and dispatch tables. */
  public String nameString() {
    return new String(name.value(), StandardCharsets.UTF_8);
  }

  /** The request map, keys in insertion order ({@code name}, {@code args}, {@code redirect}). */
  public CborValue.MapValue toCbor() {
    List<CborValue.Entry> entries = new ArrayList<>(3);
    entries.add(new CborValue.Entry(KEY_NAME, name));
    if (args.size() > 0) {
      entries.add(new CborValue.Entry(KEY_ARGS, args));
    }
    if (redirect != null && redirect.size() > 0) {
      entries.add(new CborValue.Entry(KEY_REDIRECT, redirect));
    }
    return new CborValue.MapValue(entries);
  }

  /** The deterministic CBOR encoding of {@link #toCbor()}: the concatenated request payload. */
  public byte[] encode() {
    return CborEncoder.encode(toCbor());
  }

  /**
   * Reads a decoded request map (SPEC.md §6.1) as a receiver does: {@code name} must be a byte
   * string, {@code args} and {@code redirect} maps when present; other keys are ignored, as
   * Mercurial's server ignores them.
   *
   * @throws ProtocolException {@code CMD-1} when the value is not such a map
   */
  public static CommandRequest fromCbor(CborValue value) throws ProtocolException {
    if (!(value instanceof CborValue.MapValue map)) {
      throw ProtocolException.violation(Requirement.CMD_REQUEST_MAP, "command request is not a map: %s", value);
    }
    CborValue name = map.get(KEY_NAME);
    if (!(name instanceof CborValue.Bytes nameBytes)) {
      throw name == null
          ? ProtocolException.violation(Requirement.CMD_REQUEST_MAP, "command request has no name")
          : ProtocolException.violation(Requirement.CMD_REQUEST_MAP, "command name is not a byte string: %s", name);
    }
    CborValue args = map.get(KEY_ARGS);
    if (args != null && !(args instanceof CborValue.MapValue)) {
      throw ProtocolException.violation(Requirement.CMD_REQUEST_MAP, "command args are not a map: %s", args);
    }
    CborValue redirect = map.get(KEY_REDIRECT);
    if (redirect != null && !(redirect instanceof CborValue.MapValue)) {
      throw ProtocolException.violation(Requirement.CMD_REQUEST_MAP, "command redirect is not a map: %s", redirect);
    }
    return new CommandRequest(nameBytes, (CborValue.MapValue) args, (CborValue.MapValue) redirect);
  }
}
