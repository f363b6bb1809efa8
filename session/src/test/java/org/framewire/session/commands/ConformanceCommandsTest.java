package org.framewire.session.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The conformance commands of SPEC.md Appendix A (CONF-1, CONF-2), handler by handler. */
class ConformanceCommandsTest {

  private static RecordingWriter run(String command, CborValue.MapValue args, byte[] data) {
    return run(command, args, data, false);
  }

  private static RecordingWriter run(String command, CborValue.MapValue args, byte[] data, boolean redirectOffered) {
    RecordingWriter w = new RecordingWriter();
    w.offered = redirectOffered;
    CommandCall call = new CommandCall(1, command, args, List.of(), data == null ? null : ByteBuffer.wrap(data), null);
    CommandRegistry.conformance().run(call, w);
    return w;
  }

  private static CborValue.MapValue args(Object... kv) {
    List<CborValue.Entry> e = new ArrayList<>();
    for (int i = 0; i < kv.length; i += 2) {
      CborValue v = kv[i + 1] instanceof Long l ? new CborValue.Int(l)
          : kv[i + 1] instanceof Integer n ? new CborValue.Int(n) : CborValue.Bytes.of((String) kv[i + 1]);
      e.add(new CborValue.Entry(CborValue.Bytes.of((String) kv[i]), v));
    }
    return new CborValue.MapValue(e);
  }

  @Test
  void echoAnswersTheArgsMap() {
    CborValue.MapValue a = args("x", "y", "n", 3);
    RecordingWriter w = run("echo", a, null);
    assertEquals(List.of(a), w.values);
    assertEquals("end", w.ending);
    assertEquals(List.of(args()), run("echo", args(), null).values);
  }

  @Test
  void echodataAnswersTheDataOrAnEmptyString() {
    assertEquals(List.of(new CborValue.Bytes(new byte[] {9, 8, 7})), run("echodata", args(), new byte[] {9, 8, 7}).values);
    assertEquals(List.of(new CborValue.Bytes(new byte[0])), run("echodata", args(), null).values);
  }

  /** Byte j of string k is (k + j) mod 256; strings above one chunk go out indefinite, in chunks. */
  @ParameterizedTest
  @CsvSource({"0, 5", "3, 0", "2, 1", "300, 7", "2, 65536", "3, 65537", "2, 200000"})
  void streamFollowsThePattern(int count, int size) {
    RecordingWriter w = run("stream", args("count", count, "size", size), null);
    assertEquals("end", w.ending);
    assertEquals(count, w.values.size());
    for (int k = 0; k < count; k++) {
      CborValue v = w.values.get(k);
      byte[] bytes = v instanceof CborValue.Bytes b ? b.value() : ((CborValue.IndefiniteBytes) v).joined();
      byte[] expected = new byte[size];
      for (int j = 0; j < size; j++) {
        expected[j] = (byte) ((k + j) % 256);
      }
      assertArrayEquals(expected, bytes, "string " + k);
      assertEquals(size > ConformanceCommands.STREAM_CHUNK, v instanceof CborValue.IndefiniteBytes);
    }
  }

  @Test
  void streamRefusesMoreThanAGibibyteAndBadArguments() {
    RecordingWriter big = run("stream", args("count", 1 << 15, "size", (1 << 15) + 1), null);
    assertEquals("commandError", big.ending);
    assertEquals(List.of(), big.values);
    for (CborValue.MapValue bad : List.of(args(), args("count", 1), args("count", -1, "size", 1),
        args("count", "1", "size", 1), args("count", 1, "size", -5))) {
      RecordingWriter w = run("stream", bad, null);
      assertEquals("commandError", w.ending, bad.toString());
    }
  }

  @Test
  void failAnswersACommandErrorWithTheMessageAndNoArgs() {
    RecordingWriter w = run("fail", args("message", "it %s broke"), null);
    assertEquals("commandError", w.ending);
    assertEquals("it %s broke", w.message);
    assertEquals(List.of(), w.args);
    RecordingWriter missing = run("fail", args("message", 5), null);
    assertEquals("commandError", missing.ending);
    assertEquals(List.of(CborValue.Bytes.of("message")), missing.args);
  }

  @Test
  void redirectRedirectsOnlyWhenOffered() {
    RecordingWriter offered = run("redirect", args("url", "https://x/y"), null, true);
    assertEquals(CborValue.MapValue.of(CborValue.Bytes.of("url"), CborValue.Bytes.of("https://x/y"),
        CborValue.Bytes.of("mediatype"), CborValue.Bytes.of("application/octet-stream")), offered.location);
    assertEquals(List.of(), offered.values);
    assertEquals("end", offered.ending);
    RecordingWriter plain = run("redirect", args("url", "https://x/y"), null, false);
    assertEquals(null, plain.location);
    assertEquals(List.of(CborValue.Bytes.of("https://x/y")), plain.values);
    assertEquals("end", plain.ending);
    assertEquals("commandError", run("redirect", args("url", 3), null, true).ending);
  }

  /** CONF-1: fail copies the message's bytes as they are; 0xff used to come out as UTF-8's EF BF BD. */
  @Test
  void failCopiesMessageBytesThatAreNotUtf8() {
    byte[] raw = {'b', (byte) 0xff, 0, (byte) 0xc3};
    CborValue.MapValue a = new CborValue.MapValue(List.of(new CborValue.Entry(CborValue.Bytes.of("message"), new CborValue.Bytes(raw))));
    assertArrayEquals(raw, run("fail", a, null).messageBytes);
    CborValue.MapValue zero = new CborValue.MapValue(List.of(
        new CborValue.Entry(CborValue.Bytes.of("count"), CborValue.of(0)),
        new CborValue.Entry(CborValue.Bytes.of("message"), new CborValue.Bytes(raw))));
    assertArrayEquals(raw, run("failafter", zero, null).messageBytes);
  }

  @Test
  void failafterWritesCountValuesThenFailsAsTheServer() {
    RecordingWriter w = run("failafter", args("count", 2, "message", "boom"), null);
    assertEquals(List.of(CborValue.Bytes.of("boom"), CborValue.Bytes.of("boom")), w.values);
    assertEquals("serverError", w.ending);
    assertEquals("boom", w.message);
    RecordingWriter zero = run("failafter", args("count", 0, "message", "early"), null);
    assertEquals(List.of(), zero.values);
    assertEquals("commandError", zero.ending);
    assertEquals("early", zero.message);
    for (CborValue.MapValue bad : List.of(args("count", 1), args("count", -1, "message", "m"), args("message", "m"))) {
      assertEquals("commandError", run("failafter", bad, null).ending, bad.toString());
    }
  }

  /** say (optional): one text-output atom carrying the message as its one argument, then the message. */
  @Test
  void sayWritesOneTextAtomThenTheMessage() {
    RecordingWriter w = run("say", args("message", "50% done"), null);
    assertEquals(List.of(org.framewire.frames.PythonLiteral.parse("[{b'msg': b'%s', b'args': [b'50% done']}]")), w.notices);
    assertEquals(List.of(CborValue.Bytes.of("50% done")), w.values);
    assertEquals("end", w.ending);
    assertEquals("commandError", run("say", args("message", 3), null).ending);
  }

  /** progress (optional): positions 0 to total of total, then -1, then total as the one value. */
  @Test
  void progressCountsToItsTotalThenEndsTheTopic() {
    RecordingWriter w = run("progress", args("topic", "t", "total", 2), null);
    assertEquals(List.of("{b'topic': b't', b'pos': 0, b'total': 2}", "{b'topic': b't', b'pos': 1, b'total': 2}",
        "{b'topic': b't', b'pos': 2, b'total': 2}", "{b'topic': b't', b'pos': -1}").stream()
        .map(org.framewire.frames.PythonLiteral::parse).toList(), w.notices);
    assertEquals(List.of(CborValue.of(2)), w.values);
    assertEquals("end", w.ending);
    for (CborValue.MapValue bad : List.of(args("total", 1), args("topic", "t", "total", -1), args("topic", "t", "total", 1025))) {
      assertEquals("commandError", run("progress", bad, null).ending, bad.toString());
    }
  }
}
