package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.ClientSession;
import org.framewire.streams.encoding.EncodingProfiles;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Response streams of every encoding, cut anywhere, through framewire's {@link ClientSession}: the
 * client yields exactly the values, errors and ends the stream carries (SPEC.md §6.3, §4.3).
 */
class ResponseStreamProperties {

  @Property(tries = 400)
  void clientSessionReadsEveryResponseWhereverTheStreamIsCut(@ForAll("streams") ResponseStream s) {
    ClientSession client = new ClientSession(ClientConfig.DEFAULTS);
    for (int i = 0; i < s.responses().size(); i++) {
      assertEquals(1 + 2 * i, client.sendCommand(CommandRequest.of("echo")));
    }
    client.pollOutbound();
    List<ClientEvent> events = new ArrayList<>();
    for (ByteBuffer chunk : s.chunks()) {
      events.addAll(client.receive(chunk));
    }
    assertFalse(client.isClosed(), () -> s + "\n" + events);

    Map<Integer, List<CborValue>> values = new HashMap<>();
    Map<Integer, String> ends = new HashMap<>();
    for (ClientEvent e : events) {
      if (e instanceof ClientEvent.ResponseObject o) {
        values.computeIfAbsent(o.requestId(), k -> new ArrayList<>()).add(o.value());
      } else if (e instanceof ClientEvent.ResponseComplete done) {
        ends.put(done.requestId(), "ok");
      } else if (e instanceof ClientEvent.CommandError error) {
        ends.put(error.requestId(), "error " + error.message());
      }
    }
    for (ResponseStream.Response r : s.responses()) {
      assertEquals(r.values(), values.getOrDefault(r.requestId(), List.of()), s::toString);
      assertEquals(r.ok() ? "ok" : "error " + r.errorMessage(), ends.get(r.requestId()), s::toString);
    }

    Statistics.label("encoding").collect(String.valueOf(s.encoding()));
    Statistics.label("frames per stream").collect(s.frames().size() < 4 ? "< 4" : s.frames().size() < 16 ? "< 16" : ">= 16");
    for (Frame f : s.frames()) {
      Statistics.label("frame").collect(f.type() + (f.header().hasStreamFlag(StreamFlags.ENCODED) ? " encoded" : "")
          + (f.header().hasFlag(FrameType.FLAG_EOS) ? " eos" : "")
          + (f.header().hasStreamFlag(StreamFlags.END) ? " stream-end" : ""));
    }
    Statistics.label("encoding").coverage(k -> {
      for (String e : List.of("identity", "zlib", "zstd-8mb", "null")) {
        k.check(e).count(n -> n > 0);
      }
    });
    Statistics.label("frame").coverage(k -> {
      k.check("stream-settings eos").count(n -> n > 0);
      k.check("command-response encoded").count(n -> n > 0);
      k.check("command-response eos stream-end").count(n -> n > 0);
    });
  }

  /**
   * Found by this kit: framewire's zlib encoder once never completed a sync flush into frames of
   * fewer than 7 bytes (zlib wants more than six bytes of room for the flush marker), so the
   * emitter produced frames without end. Fixed; this keeps it fixed.
   */
  @Example
  void zlibResponsesInFramesOfOneToSixBytesEnd() {
    ResponseArbitraries.ResponsePlan empty = new ResponseArbitraries.ResponsePlan(List.of(), null, 1);
    for (int size = 1; size <= 6; size++) {
      ResponseStream s = ResponseArbitraries.build(EncodingProfiles.ZLIB, List.of(empty, empty), size, false);
      assertEquals(2, s.responses().size());
    }
  }

  @Provide
  Arbitrary<ResponseStream> streams() {
    return ResponseArbitraries.responseStreams();
  }
}
