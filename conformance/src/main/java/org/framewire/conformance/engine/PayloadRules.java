package org.framewire.conformance.engine;

import org.framewire.cbor.CborValue;

/**
 * The shapes SPEC.md §7 gives the payloads of error-response (ERR-1, ERR-3), text-output (TEXT-1)
 * and progress (PROG-1) frames, checked on every such frame a target sends whatever the case: each
 * method returns what is wrong, citing the requirement, or null when the payload has its shape.
 */
final class PayloadRules {

  private PayloadRules() {}

  /** ERR-1 (a map, {@code type} protocol or server, {@code message} an array of atoms) and ERR-3 (request id 0 on a protocol error). */
  static String errorResponse(int requestId, CborValue payload) {
    if (!(payload instanceof CborValue.MapValue m)) {
      return "ERR-1: error-response payload is not a map";
    }
    CborValue type = m.get("type");
    boolean protocol = CborValue.Bytes.of("protocol").equals(type);
    if (!protocol && !CborValue.Bytes.of("server").equals(type)) {
      return "ERR-1: error-response type is " + (type == null ? "missing" : Observation.capped(org.framewire.frames.PythonLiteral.format(type)))
          + ", not b'protocol' or b'server'";
    }
    String atoms = atoms(m.get("message"));
    if (atoms != null) {
      return "ERR-1: error-response message " + atoms;
    }
    if (protocol && requestId != 0) {
      return "ERR-3: protocol error-response on request id " + requestId + ", not 0";
    }
    return null;
  }

  /** TEXT-1: an array of atoms. */
  static String textOutput(CborValue payload) {
    String atoms = atoms(payload);
    return atoms == null ? null : "TEXT-1: text-output payload " + atoms;
  }

  /** PROG-1: a map with a byte-string topic, an integer pos, and total, label and item of their types when present. */
  static String progress(CborValue payload) {
    if (!(payload instanceof CborValue.MapValue m)) {
      return "PROG-1: progress payload is not a map";
    }
    if (!(m.get("topic") instanceof CborValue.Bytes)) {
      return "PROG-1: progress topic is not a byte string";
    }
    if (!(m.get("pos") instanceof CborValue.Int)) {
      return "PROG-1: progress pos is not an integer";
    }
    CborValue total = m.get("total");
    if (total != null && !(total instanceof CborValue.Int t && t.bigValue().signum() >= 0)) {
      return "PROG-1: progress total is not an unsigned integer";
    }
    for (String key : new String[] {"label", "item"}) {
      if (m.get(key) != null && !(m.get(key) instanceof CborValue.Bytes)) {
        return "PROG-1: progress " + key + " is not a byte string";
      }
    }
    return null;
  }

  /** What keeps {@code v} from being an array of §7.3 atoms, or null. */
  private static String atoms(CborValue v) {
    if (!(v instanceof CborValue.Array a)) {
      return "is " + (v == null ? "missing" : "not an array of atoms: " + Observation.capped(org.framewire.frames.PythonLiteral.format(v)));
    }
    for (CborValue atom : a.items()) {
      if (!(atom instanceof CborValue.MapValue m) || !(m.get("msg") instanceof CborValue.Bytes)) {
        return "holds an atom that is not a map with a msg byte string: " + Observation.capped(org.framewire.frames.PythonLiteral.format(atom));
      }
      for (String key : new String[] {"args", "labels"}) {
        CborValue list = m.get(key);
        if (list != null && !(list instanceof CborValue.Array items && items.items().stream().allMatch(i -> i instanceof CborValue.Bytes))) {
          return "holds an atom whose " + key + " is not an array of byte strings";
        }
      }
    }
    return null;
  }
}
