package org.framewire.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameHeader;
import org.framewire.spec.ProtocolException;

/** Shared test helpers: hex, vector files, tagged-JSON CBOR values, Mercurial's CBOR chunking, frame collection. */
final class TestSupport {

  private static final HexFormat HEX = HexFormat.of();

  private TestSupport() {}

  static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  static byte[] unhex(String s) {
    return HEX.parseHex(s);
  }

  /** A frame from its wire hex (header and whole payload). */
  static Frame frameOf(String hex) {
    byte[] b = unhex(hex);
    FrameHeader h = FrameHeader.parse(b, 0);
    return new Frame(h, ByteBuffer.wrap(b, FrameHeader.SIZE, b.length - FrameHeader.SIZE).slice());
  }

  static List<String> hexes(List<Frame> frames) {
    List<String> out = new ArrayList<>();
    for (Frame f : frames) {
      out.add(hex(f.toBytes()));
    }
    return out;
  }

  static JsonNode vectors(String file) {
    String path = "/org/framewire/spec/vectors/mercurial/" + file;
    try (InputStream in = TestSupport.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + path);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CBOR value from the vectors' tagged JSON (README: one key per value). */
  static CborValue cbor(JsonNode n) {
    String key = n.fieldNames().next();
    JsonNode v = n.get(key);
    switch (key) {
      case "bytes":
        return new CborValue.Bytes(unhex(v.asText()));
      case "text":
        return new CborValue.Text(v.asText());
      case "int":
        return CborValue.Int.of(new BigInteger(v.asText()));
      case "bool":
        return new CborValue.Bool(v.asBoolean());
      case "null":
        return new CborValue.Null();
      case "array": {
        List<CborValue> items = new ArrayList<>();
        v.forEach(x -> items.add(cbor(x)));
        return new CborValue.Array(items);
      }
      case "set": {
        List<CborValue> items = new ArrayList<>();
        v.forEach(x -> items.add(cbor(x)));
        return new CborValue.SetValue(items);
      }
      case "map": {
        List<CborValue.Entry> entries = new ArrayList<>();
        v.forEach(kv -> entries.add(new CborValue.Entry(cbor(kv.get(0)), cbor(kv.get(1)))));
        return new CborValue.MapValue(entries);
      }
      case "bytesIndef": {
        List<byte[]> chunks = new ArrayList<>();
        v.forEach(x -> chunks.add(unhex(x.asText())));
        return new CborValue.IndefiniteBytes(chunks);
      }
      default:
        throw new IllegalArgumentException("unknown tagged JSON key " + key);
    }
  }

  /**
   * The chunks Mercurial's {@code cborutil.streamencode} yields for {@code v}: every head is a
   * chunk of its own, every string body too, containers recurse, maps and sets are sorted the way
   * Mercurial sorts them.
   */
  static List<byte[]> mercurialChunks(CborValue v) {
    List<byte[]> out = new ArrayList<>();
    chunks(v, out);
    return out;
  }

  private static void chunks(CborValue v, List<byte[]> out) {
    if (v instanceof CborValue.Bytes b) {
      out.add(head(CborEncoder.MAJOR_BYTES, b.value().length));
      out.add(b.value());
    } else if (v instanceof CborValue.Array a) {
      out.add(head(CborEncoder.MAJOR_ARRAY, a.items().size()));
      for (CborValue i : a.items()) {
        chunks(i, out);
      }
    } else if (v instanceof CborValue.MapValue m) {
      out.add(head(CborEncoder.MAJOR_MAP, m.size()));
      List<CborValue.Entry> sorted = new ArrayList<>(m.entries());
      sorted.sort((x, y) -> CborEncoder.compareMercurial(x.key(), y.key()));
      for (CborValue.Entry e : sorted) {
        chunks(e.key(), out);
        chunks(e.value(), out);
      }
    } else if (v instanceof CborValue.SetValue s) {
      out.add(head(CborEncoder.MAJOR_TAG, CborEncoder.TAG_SET));
      List<CborValue> sorted = new ArrayList<>(s.items());
      sorted.sort(CborEncoder::compareMercurial);
      chunks(new CborValue.Array(sorted), out);
    } else if (v instanceof CborValue.IndefiniteBytes ib) {
      out.add(new byte[] {(byte) CborEncoder.INDEFINITE_BYTES_HEAD});
      for (byte[] c : ib.chunks()) {
        out.add(head(CborEncoder.MAJOR_BYTES, c.length));
        out.add(c);
      }
      out.add(new byte[] {(byte) CborEncoder.BREAK});
    } else {
      out.add(CborEncoder.encode(v));
    }
  }

  private static byte[] head(int major, long arg) {
    ByteArrayOutputStream o = new ByteArrayOutputStream(9);
    CborEncoder.writeHead(o, major, arg);
    return o.toByteArray();
  }

  /** Mercurial's status map {@code {b'status': b'ok'}}, encoded. */
  static byte[] okStatus() {
    return CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("status"), CborValue.Bytes.of("ok")));
  }

  /** Collects decoded payload bytes per request id, in order. */
  static final class Collector implements PayloadSink {
    final Map<Integer, ByteArrayOutputStream> byRequest = new TreeMap<>();
    long total;

    @Override
    public void accept(Frame frame, ByteBuffer bytes) throws ProtocolException {
      if (!bytes.isReadOnly()) {
        throw new AssertionError("sink got a writable buffer");
      }
      byte[] b = new byte[bytes.remaining()];
      bytes.get(b);
      total += b.length;
      byRequest.computeIfAbsent(frame.requestId(), k -> new ByteArrayOutputStream()).writeBytes(b);
    }

    byte[] of(int requestId) {
      ByteArrayOutputStream o = byRequest.get(requestId);
      return o == null ? new byte[0] : o.toByteArray();
    }
  }
}
