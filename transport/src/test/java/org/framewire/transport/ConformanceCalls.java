package org.framewire.transport;

import static org.framewire.transport.Fixture.args;
import static org.framewire.transport.Fixture.await;
import static org.framewire.transport.Fixture.bytesOf;
import static org.framewire.transport.Fixture.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.session.CallException;
import org.framewire.session.Response;

/**
 * Every conformance command of SPEC.md Appendix A, called through any transport's client and checked
 * object by object; the calls are sent together and answered in any order.
 */
public final class ConformanceCalls {
  private ConformanceCalls() {}

  /**
   * @param unknownIs404 whether the transport refuses an unknown command before any frame is read
   *     (the HTTP single-command path, TRANS-8) rather than with a command error (CMD-18)
   */
  public static void check(BiFunction<String, CborValue.MapValue, CompletableFuture<Response>> call,
      BiFunction<CommandRequest, ByteBuffer, CompletableFuture<Response>> callWithData, boolean unknownIs404)
      throws Throwable {
    CborValue.MapValue echoArgs = args("a", "b", "list", CborValue.Array.of(CborValue.Bytes.of("x"), new CborValue.Int(-2)),
        "n", 7, "nested", args("k", "v"));
    byte[] data = pattern(3, 100_000);
    CompletableFuture<Response> echo = call.apply("echo", echoArgs);
    CompletableFuture<Response> echoNone = call.apply("echo", args());
    CompletableFuture<Response> echodata = callWithData.apply(CommandRequest.of("echodata"), ByteBuffer.wrap(data));
    CompletableFuture<Response> echodataNone = call.apply("echodata", args());
    CompletableFuture<Response> stream = call.apply("stream", args("count", 3, "size", 70_000));
    CompletableFuture<Response> small = call.apply("stream", args("count", 5, "size", 10));
    CompletableFuture<Response> empty = call.apply("stream", args("count", 0, "size", 10));
    CompletableFuture<Response> badArgs = call.apply("stream", args("count", "three", "size", 10));
    CompletableFuture<Response> tooBig = call.apply("stream", args("count", 1 << 20, "size", 1 << 11));
    CompletableFuture<Response> fail = call.apply("fail", args("message", "it %s failed"));
    CompletableFuture<Response> failNoMessage = call.apply("fail", args());
    CompletableFuture<Response> unknown = call.apply("nope", args());

    assertEquals(echoArgs, await(echo).single());
    assertEquals(args(), await(echoNone).single());
    assertArrayEquals(data, bytesOf(await(echodata).single()));
    assertArrayEquals(new byte[0], bytesOf(await(echodataNone).single()));
    Response s = await(stream);
    assertEquals(3, s.objects().size());
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(pattern(k, 70_000), bytesOf(s.objects().get(k)));
    }
    Response sm = await(small);
    assertEquals(5, sm.objects().size());
    for (int k = 0; k < 5; k++) {
      assertArrayEquals(pattern(k, 10), bytesOf(sm.objects().get(k)));
    }
    assertEquals(List.of(), await(empty).objects());
    assertCommandError(badArgs, "stream: argument count must be a non-negative integer", List.of(CborValue.Bytes.of("count")));
    assertCommandError(tooBig, "stream: count * size exceeds 1073741824 bytes", List.of(CborValue.Bytes.of("1073741824")));
    // The message is passed on as is, a format string without arguments (CMD-10).
    assertCommandError(fail, "it %s failed", List.of());
    assertCommandError(failNoMessage, "fail: argument message must be a byte string", List.of(CborValue.Bytes.of("message")));
    if (unknownIs404) {
      assertEquals(404, assertThrows(TransportException.class, () -> await(unknown)).httpStatus());
    } else {
      assertCommandError(unknown, "unknown command: nope", List.of(CborValue.Bytes.of("nope")));
    }
  }

  static void assertCommandError(CompletableFuture<Response> call, String formatted, List<CborValue> args) {
    CallException e = assertThrows(CallException.class, () -> await(call));
    assertEquals(CallException.Kind.COMMAND_ERROR, e.kind(), e.getMessage());
    assertEquals(formatted, e.getMessage());
    assertEquals(args, e.args());
  }
}
