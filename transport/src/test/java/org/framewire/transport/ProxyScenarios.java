package org.framewire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.FrameType;
import org.framewire.spec.Requirement;

/**
 * What an HTTP host of framewire must do for a proxy in front of it (docs/deployment.md), played
 * by a {@link ProxyLikeClient} against any host: the JDK server, the servlet in Tomcat.
 */
public final class ProxyScenarios {
  private static final String MULTI = "/api/" + HttpApi.DEFAULT_PREFIX + "/ro/multirequest";

  private ProxyScenarios() {}

  /**
   * A violation in the first bytes of a 2 MiB body: the server answers 200 with the error frame
   * only after the whole body arrived (a proxy that stops at the first response byte still sent it
   * all), and the connection then serves a second exchange (keep-alive).
   */
  public static void earlyViolationWaitsForTheBody(InetSocketAddress server, String context) throws Exception {
    byte[] violation = frames("2 1 stream-begin command-request new cbor:{b'name': b'echo'}");
    byte[] body = new byte[2 << 20];
    System.arraycopy(violation, 0, body, 0, violation.length);
    try (ProxyLikeClient proxy = new ProxyLikeClient(server, 10_000)) {
      ProxyLikeClient.Result r = proxy.post(context + MULTI, body, 64 << 10, 200);
      assertEquals(200, r.status(), new String(r.body()));
      assertEquals(body.length, r.bodyBytesSent(), "the response began before the body was read");
      List<Frame> frames = decode(r.body());
      Frame last = frames.get(frames.size() - 1);
      assertEquals(FrameType.ERROR_RESPONSE, last.type(), frames.toString());
      assertEquals(CborValue.Bytes.of(Requirement.FRAME_REQUEST_ID_PARITY.id()), RawPeer.errorMap(last).get("requirement"));
      if (!r.closes()) {
        answersAfterTheBody(proxy, context);
      }
    }
  }

  /** An echo request whose body arrives in two pieces: nothing comes back before the second. */
  public static void answerWaitsForTheBody(InetSocketAddress server, String context) throws Exception {
    try (ProxyLikeClient proxy = new ProxyLikeClient(server, 10_000)) {
      answersAfterTheBody(proxy, context);
      answersAfterTheBody(proxy, context); // the same connection again
    }
  }

  /**
   * A deep pipeline (CMD-11) behind a proxy: 1000 echo requests in one body, sent in 4 KiB pieces
   * 300 ms apart (time for the server to answer what it has, were it to answer early).
   * The session pauses its input at its dispatched bound long before the body's end, and its answers
   * so far must still wait for the end (not go out at the pause, which would make the proxy stop
   * sending the rest); then all 1000 are answered.
   */
  public static void deepPipelineWaitsForTheBody(InetSocketAddress server, String context) throws Exception {
    int n = 1000;
    String[] requests = new String[n];
    requests[0] = "1 1 stream-begin command-request new cbor:{b'name': b'echo', b'args': {b'n': 0}}";
    for (int i = 1; i < n; i++) {
      requests[i] = (2 * i + 1) + " 1 0 command-request new cbor:{b'name': b'echo', b'args': {b'n': " + i + "}}";
    }
    byte[] body = frames(requests);
    try (ProxyLikeClient proxy = new ProxyLikeClient(server, 10_000)) {
      ProxyLikeClient.Result r = proxy.post(context + MULTI, body, 4 << 10, 300, 300);
      assertEquals(200, r.status(), new String(r.body()));
      assertEquals(body.length, r.bodyBytesSent(), "the response began before the body was read");
      java.util.Set<Integer> answered = new java.util.TreeSet<>();
      for (Frame f : decode(r.body())) {
        if (f.type() == FrameType.COMMAND_RESPONSE && f.header().hasFlag(FrameType.FLAG_EOS)) {
          answered.add(f.requestId());
        }
      }
      assertEquals(n, answered.size(), "requests answered");
    }
  }

  private static void answersAfterTheBody(ProxyLikeClient proxy, String context) throws Exception {
    byte[] body = frames("1 1 stream-begin command-request new cbor:{b'name': b'echo', b'args': {b'x': b'1'}}");
    ProxyLikeClient.Result r = proxy.post(context + MULTI, body, body.length - 4, 300);
    assertEquals(200, r.status(), new String(r.body()));
    assertEquals(body.length, r.bodyBytesSent(), "the response began before the body was read");
    List<Frame> frames = decode(r.body());
    assertEquals(FrameType.COMMAND_RESPONSE, frames.get(frames.size() - 1).type(), frames.toString());
  }

  private static byte[] frames(String... notation) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String n : notation) {
      out.writeBytes(FrameNotation.parse(n).toBytes());
    }
    return out.toByteArray();
  }

  private static List<Frame> decode(byte[] body) throws Exception {
    FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Options(FrameHeader.MAX_PAYLOAD_LENGTH, false));
    decoder.feed(ByteBuffer.wrap(body));
    List<Frame> frames = new ArrayList<>();
    for (Frame fr; (fr = decoder.next()) != null; ) {
      frames.add(fr.copy());
    }
    return frames;
  }
}
