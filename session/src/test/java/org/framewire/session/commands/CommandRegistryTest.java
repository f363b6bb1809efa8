package org.framewire.session.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.junit.jupiter.api.Test;

/** The registry and the one way it runs every handler (CMD-15, CMD-18, CMD-10, ERR-4). */
class CommandRegistryTest {
  private static final CborValue.MapValue NO_ARGS = new CborValue.MapValue(List.of());

  private static RecordingWriter run(CommandHandler handler) {
    RecordingWriter w = new RecordingWriter();
    CommandRegistry.builder().add("c", handler).build().run(CommandCall.of(1, "c", NO_ARGS), w);
    return w;
  }

  @Test
  void unknownCommandGetsACommandError() {
    RecordingWriter w = new RecordingWriter();
    CommandRegistry.conformance().run(CommandCall.of(1, "nope", NO_ARGS), w);
    assertEquals("commandError", w.ending);
    assertEquals(CommandRegistry.UNKNOWN_COMMAND, w.message);
    assertEquals(List.of(CborValue.Bytes.of("nope")), w.args);
  }

  @Test
  void handlerReturningWithoutEndingIsEnded() {
    RecordingWriter w = run((call, out) -> out.writeObject(new CborValue.Int(1)));
    assertEquals("end", w.ending);
    assertEquals(List.of(new CborValue.Int(1)), w.values);
    assertEquals("end", run((call, out) -> { }).ending);
  }

  @Test
  void commandErrorBeforeOutputIsACommandErrorResponse() {
    RecordingWriter w = run((call, out) -> {
      throw new CommandError("bad %s", "thing");
    });
    assertEquals("commandError", w.ending);
    assertEquals("bad %s", w.message);
    assertEquals(List.of(CborValue.Bytes.of("thing")), w.args);
  }

  @Test
  void otherFailureBeforeOutputIsACommandErrorWithTheMessageAsArgument() {
    RecordingWriter w = run((call, out) -> {
      throw new IllegalArgumentException("50% off");
    });
    assertEquals("commandError", w.ending);
    assertEquals("%s", w.message);
    assertEquals(List.of(CborValue.Bytes.of("50% off")), w.args);
  }

  @Test
  void failureAfterOutputIsAServerError() {
    RecordingWriter w = run((call, out) -> {
      out.writeObject(new CborValue.Int(1));
      throw new CommandError("too late");
    });
    assertEquals("serverError", w.ending);
    assertEquals("too late", w.message);
  }

  @Test
  void errorsAreReportedThenRethrown() {
    RecordingWriter w = new RecordingWriter();
    CommandRegistry r = CommandRegistry.builder().add("c", (call, out) -> {
      throw new StackOverflowError("deep");
    }).build();
    assertThrows(StackOverflowError.class, () -> r.run(CommandCall.of(1, "c", NO_ARGS), w));
    assertEquals("commandError", w.ending);
  }

  @Test
  void interruptEndsTheResponseAndKeepsTheFlag() {
    RecordingWriter w = run((call, out) -> {
      out.writeObject(new CborValue.Int(1));
      throw new InterruptedException();
    });
    assertEquals("serverError", w.ending);
    assertTrue(Thread.interrupted());
  }

  @Test
  void builderRejectsDuplicatesAndEmptyNames() {
    CommandRegistry.Builder b = CommandRegistry.builder().add("a", (call, out) -> { });
    assertThrows(IllegalArgumentException.class, () -> b.add("a", (call, out) -> { }));
    assertThrows(IllegalArgumentException.class, () -> b.add("", (call, out) -> { }));
    CommandRegistry r = CommandRegistry.builder().addAll(CommandRegistry.conformance()).add("x", (call, out) -> { }).build();
    assertEquals(List.of("echo", "echodata", "stream", "fail", "redirect", "failafter", "say", "progress", "x"), List.copyOf(r.names()));
    assertTrue(r.contains("stream"));
    assertFalse(r.contains("nope"));
  }

  @Test
  void callOwnsAReadOnlyViewOfItsData() {
    ByteBuffer data = ByteBuffer.wrap(new byte[] {1, 2, 3});
    data.position(1);
    CommandCall call = new CommandCall(1, "c", NO_ARGS, List.of(), data, null);
    assertTrue(call.data().isReadOnly());
    assertArrayEquals(new byte[] {2, 3}, call.dataBytes());
    assertArrayEquals(new byte[0], CommandCall.of(1, "c", NO_ARGS).dataBytes());
  }
}
