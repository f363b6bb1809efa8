package org.framewire.fuzz;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.framewire.cbor.CborValue;

/**
 * Payload content for the conversation model, every decision from a {@link RandomSource}: request
 * maps for the conformance commands of Appendix A and for unknown commands, protocol values and
 * command data. Small by design: conversations test framing and state, not bulk.
 */
final class Payloads {

  static final List<String> COMMANDS = List.of("echo", "echodata", "stream", "fail");

  private Payloads() {}

  /** A request map (CMD-1) and whether it wants command data. */
  static CborValue.MapValue requestMap(RandomSource r) {
    List<CborValue.Entry> entries = new ArrayList<>();
    int which = r.nextInt(COMMANDS.size() + 1);
    String name = which < COMMANDS.size() ? COMMANDS.get(which) : name(r);
    entries.add(entry("name", CborValue.Bytes.of(name)));
    switch (name) {
      case "echo" -> {
        if (r.chance(70)) {
          entries.add(entry("args", map(r, 1)));
        }
      }
      case "stream" -> entries.add(entry("args", CborValue.MapValue.of(
          CborValue.Bytes.of("count"), new CborValue.Int(r.nextInt(4)),
          CborValue.Bytes.of("size"), new CborValue.Int(r.nextInt(17)))));
      case "fail" -> entries.add(entry("args", CborValue.MapValue.of(
          CborValue.Bytes.of("message"), CborValue.Bytes.of("failed " + name(r)))));
      default -> {
        if (r.chance(30)) {
          entries.add(entry("args", map(r, 1)));
        }
      }
    }
    if (r.chance(15)) {
      List<CborValue> files = new ArrayList<>();
      for (int i = r.nextInt(3); i > 0; i--) {
        files.add(CborValue.Bytes.of("dir/" + name(r)));
      }
      entries.add(entry("files", new CborValue.Array(files)));
    }
    if (r.chance(10)) {
      entries.add(entry("redirect", CborValue.MapValue.of(
          CborValue.Bytes.of("targets"), CborValue.Array.of(CborValue.Bytes.of(name(r))),
          CborValue.Bytes.of("hashes"), CborValue.Array.of(CborValue.Bytes.of("sha256")))));
    }
    if (r.chance(10)) {
      entries.add(entry("x-" + name(r), value(r, 1))); // ignored by servers (CMD-13)
    }
    return new CborValue.MapValue(entries);
  }

  /** Whether a request map asks for the command that echoes its data. */
  static boolean wantsData(CborValue.MapValue map) {
    return map.get("name") instanceof CborValue.Bytes b && b.latin1().equals("echodata");
  }

  /** Command data of up to {@code max} bytes. */
  static byte[] data(RandomSource r, int max) {
    byte[] b = new byte[r.nextInt(Math.max(1, max) + 1)];
    r.nextBytes(b);
    return b;
  }

  /** A short lower-case ASCII name. */
  static String name(RandomSource r) {
    StringBuilder sb = new StringBuilder();
    for (int n = 1 + r.nextInt(8); n > 0; n--) {
      sb.append((char) ('a' + r.nextInt(26)));
    }
    return sb.toString();
  }

  /** A value of the protocol's data model (SPEC.md §5.3): integers, byte strings, booleans, null, arrays, maps. */
  static CborValue value(RandomSource r, int depth) {
    int kind = r.nextInt(depth > 0 ? 7 : 5);
    return switch (kind) {
      case 0 -> new CborValue.Int(r.nextInt(2001) - 1000);
      case 1 -> CborValue.Bytes.of(name(r));
      case 2 -> new CborValue.Int(((long) r.nextInt(Integer.MAX_VALUE) << 31) ^ r.nextInt(Integer.MAX_VALUE));
      case 3 -> r.chance(50) ? CborValue.TRUE : CborValue.FALSE;
      case 4 -> CborValue.NULL;
      case 5 -> {
        List<CborValue> items = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          items.add(value(r, depth - 1));
        }
        yield new CborValue.Array(items);
      }
      default -> map(r, depth - 1);
    };
  }

  /** A map with distinct byte-string keys. */
  static CborValue.MapValue map(RandomSource r, int depth) {
    List<CborValue.Entry> entries = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      String k = name(r);
      if (keys.add(k)) {
        entries.add(entry(k, value(r, depth)));
      }
    }
    return new CborValue.MapValue(entries);
  }

  static CborValue.Entry entry(String key, CborValue value) {
    return new CborValue.Entry(CborValue.Bytes.of(key), value);
  }
}
