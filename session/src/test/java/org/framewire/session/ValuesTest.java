package org.framewire.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.spec.ProtocolException;
import org.framewire.frames.PythonLiteral;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/** The small values of the package: text atoms, progress updates, responses, configurations. */
class ValuesTest {

  @Test
  void textAtomsFormatLikeSpecSection73() {
    assertEquals("a b 100% c%d %s", new TextAtom("a %s 100%% %s%d %s", List.of("b", "c"), List.of()).format(),
        "%s takes the next arg, %% is %, other % sequences stay, a %s without arg stays");
  }

  @Test
  void textAtomsRoundTrip() throws ProtocolException {
    TextAtom a = new TextAtom("hi %s", List.of("wörld"), List.of("ui.label"));
    assertEquals(PythonLiteral.parse("{b'msg': b'hi %s', b'args': [b'w\\xc3\\xb6rld'], b'labels': [b'ui.label']}"),
        a.toCbor());
    assertEquals(List.of(a), TextAtom.listFromCbor(CborValue.Array.of(a.toCbor()), Requirement.TEXT_ATOMS));
    assertEquals(PythonLiteral.parse("{b'msg': b'x'}"), TextAtom.of("x").toCbor(), "empty args and labels left out");
  }

  @Test
  void malformedTextAtoms() {
    for (String bad : List.of("[b'x']", "[{b'msg': 'text'}]", "[{b'msg': b'x', b'args': b'a'}]",
        "[{b'msg': b'x', b'labels': [1]}]", "{b'msg': b'x'}")) {
      ProtocolException e = assertThrows(ProtocolException.class,
          () -> TextAtom.listFromCbor(PythonLiteral.parse(bad), Requirement.TEXT_ATOMS), bad);
      assertEquals(Requirement.TEXT_ATOMS, e.requirement());
    }
  }

  @Test
  void progressRoundTrip() throws ProtocolException {
    ProgressUpdate full = new ProgressUpdate("files", 3, 10L, "file", "a.txt");
    assertEquals(full, ProgressUpdate.fromCbor(full.toCbor()));
    ProgressUpdate done = ProgressUpdate.of("files", -1);
    assertTrue(done.done());
    assertEquals(PythonLiteral.parse("{b'topic': b'files', b'pos': -1}"), done.toCbor());
  }

  @Test
  void malformedProgress() {
    for (String bad : List.of("{b'pos': 1}", "{b'topic': b't'}", "{b'topic': b't', b'pos': b'1'}",
        "{b'topic': b't', b'pos': 1, b'total': b'x'}", "{b'topic': b't', b'pos': 1, b'label': 5}", "[]")) {
      ProtocolException e = assertThrows(ProtocolException.class, () -> ProgressUpdate.fromCbor(PythonLiteral.parse(bad)), bad);
      assertEquals(Requirement.PROG_PAYLOAD, e.requirement());
    }
  }

  @Test
  void responseSingle() {
    Response r = new Response(1, List.of(CborValue.of(1)), null, List.of());
    assertEquals(CborValue.of(1), r.single());
    assertThrows(IllegalStateException.class, () -> new Response(1, List.of(), null, List.of()).single());
  }

  @Test
  void configurationsRejectNonsense() {
    assertThrows(IllegalArgumentException.class, () -> ServerConfig.DEFAULTS.withMaxConcurrentRequests(0));
    assertThrows(IllegalArgumentException.class, () -> ServerConfig.DEFAULTS.withMaxPartialRequests(32769));
    assertThrows(IllegalArgumentException.class, () -> ServerConfig.DEFAULTS.withMaxFrameSize(1 << 24));
    assertThrows(IllegalArgumentException.class,
        () -> ServerConfig.DEFAULTS.withTimeouts(Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> ClientConfig.DEFAULTS.withContentEncodings(List.of("brotli")),
        "advertising what the client cannot decode");
    assertEquals(8, ServerConfig.DEFAULTS.withMaxConcurrentRequests(1).maxPartialRequests(), "independent bounds");
    assertEquals(16, ServerConfig.DEFAULTS.maxConcurrentRequests(), "SPEC.md §10");
  }
}
