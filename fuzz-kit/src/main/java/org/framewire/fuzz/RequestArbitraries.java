package org.framewire.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.framewire.cbor.CborValue;
import org.framewire.cbor.arbitraries.CborValueArbitraries;
import org.framewire.frames.CommandRequest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for command requests (SPEC.md §6.1, §6.2): request maps with every key the spec
 * defines and keys it does not (which a server ignores, CMD-13), and requests cut into frames at
 * every possible boundary — one-byte frames, a frame ending inside a CBOR head, an empty final data
 * frame.
 */
public final class RequestArbitraries {

  private RequestArbitraries() {}

  /** Command names: the conformance commands of Appendix A and other names. */
  public static Arbitrary<CborValue.Bytes> commandNames() {
    return Arbitraries.oneOf(
        Arbitraries.of("echo", "echodata", "stream", "fail").map(CborValue.Bytes::of),
        CborValueArbitraries.names().map(n -> (CborValue.Bytes) n));
  }

  /**
   * Request maps (CMD-1): a byte-string {@code name}; optional {@code args} (byte-string keys,
   * values of the protocol's data model), {@code files} (byte strings), {@code redirect} ({@code
   * targets} and {@code hashes}); sometimes a key the spec does not define.
   */
  public static Arbitrary<CborValue.MapValue> requestMaps() {
    Arbitrary<Optional<CborValue>> args =
        CborValueArbitraries.maps(CborValueArbitraries.names(), CborValueArbitraries.protocolValues(2), 4).optional(0.7);
    Arbitrary<Optional<CborValue>> files =
        CborValueArbitraries.byteStrings(12).list().ofMaxSize(3).map(l -> (CborValue) new CborValue.Array(l)).optional(0.2);
    Arbitrary<Optional<CborValue>> redirect = Combinators.combine(
            CborValueArbitraries.names().list().ofMaxSize(2), Arbitraries.of("sha1", "sha256").list().ofMaxSize(2))
        .as((targets, hashes) -> (CborValue) CborValue.MapValue.of(
            CborValue.Bytes.of("targets"), new CborValue.Array(targets),
            CborValue.Bytes.of("hashes"), new CborValue.Array(hashes.stream().map(h -> (CborValue) CborValue.Bytes.of(h)).toList())))
        .optional(0.2);
    Arbitrary<Optional<CborValue>> unknown = CborValueArbitraries.protocolValues(1).optional(0.1);
    return Combinators.combine(commandNames(), args, files, redirect, unknown)
        .as((name, a, f, r, u) -> {
          List<CborValue.Entry> entries = new ArrayList<>();
          entries.add(new CborValue.Entry(CborValue.Bytes.of("name"), name));
          a.ifPresent(v -> entries.add(new CborValue.Entry(CborValue.Bytes.of("args"), v)));
          f.ifPresent(v -> entries.add(new CborValue.Entry(CborValue.Bytes.of("files"), v)));
          r.ifPresent(v -> entries.add(new CborValue.Entry(CborValue.Bytes.of("redirect"), v)));
          u.ifPresent(v -> entries.add(new CborValue.Entry(CborValue.Bytes.of("x-unknown"), v)));
          return new CborValue.MapValue(entries);
        });
  }

  /** {@link CommandRequest}s, for {@code CommandFramer} and other APIs built on them. */
  public static Arbitrary<CommandRequest> commandRequests() {
    return Combinators.combine(
            commandNames(),
            CborValueArbitraries.maps(CborValueArbitraries.names(), CborValueArbitraries.protocolValues(2), 4))
        .as((name, args) -> new CommandRequest(name, (CborValue.MapValue) args, null));
  }

  /**
   * Requests from client stream 1, request id 1, opening the stream, cut into frames anywhere:
   * every position inside the encoded map and the data can be a frame boundary.
   *
   * @param maxDataBytes the most command data a request carries
   */
  public static Arbitrary<FramedRequest> framedRequests(int maxDataBytes) {
    Arbitrary<Optional<byte[]>> data =
        Arbitraries.bytes().array(byte[].class).ofMaxSize(maxDataBytes).optional(0.5);
    return Combinators.combine(requestMaps(), data).flatAs((map, d) -> {
      int mapLength = org.framewire.cbor.CborEncoder.encode(map).length;
      int dataLength = d.map(b -> b.length).orElse(0);
      return Combinators.combine(Chunking.cuts(mapLength, 12), Chunking.cuts(dataLength, 8))
          .as((rc, dc) -> FramedRequest.of(1, 1, true, map, d.orElse(null), rc, dc));
    });
  }
}
