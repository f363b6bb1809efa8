package org.framewire.fuzz;

import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.session.ServerEvent;
import org.framewire.session.ServerResponse;

/**
 * The conformance commands of SPEC.md Appendix A on framewire's {@link ServerResponse}: {@code
 * echo}, {@code echodata}, {@code stream} and {@code fail} (CONF-1), {@code redirect} and {@code
 * failafter} (CONF-2); any other command gets a command error response (CMD-18). The in-process {@link ReferenceServerAdapter} answers with them, so that
 * every request of a generated conversation gets a complete response.
 */
final class ConformanceCommands {

  /**
   * The largest {@code count × size} of a {@code stream} request served (Appendix A allows 2^30):
   * 64 MiB, room for the LIMIT-3 conformance case, whose response must outgrow the 16 MiB outbound
   * queue limit of SPEC.md §10 plus the socket buffers in between, and for the ENC-11 case, whose
   * response passes the 2^24-byte flush interval.
   */
  static final long MAX_STREAM_BYTES = 1 << 26;

  private ConformanceCommands() {}

  /** Answers {@code run} in full through {@code response}. */
  static void answer(ServerEvent.RunCommand run, ServerResponse response) {
    switch (run.command()) {
      case "echo" -> {
        response.writeObject(run.args());
        response.end();
      }
      case "echodata" -> {
        response.writeObject(new CborValue.Bytes(run.dataBytes()));
        response.end();
      }
      case "stream" -> stream(run, response);
      case "fail" -> {
        if (run.args().get("message") instanceof CborValue.Bytes message) {
          response.commandError(message.latin1(), List.of());
        } else {
          response.commandError("fail needs a byte-string argument message", List.of());
        }
      }
      case "redirect" -> redirect(run, response);
      case "failafter" -> failAfter(run, response);
      default -> response.commandError("unknown command %s", List.of(CborValue.Bytes.of(run.command())));
    }
  }

  private static void redirect(ServerEvent.RunCommand run, ServerResponse response) {
    if (!(run.args().get("url") instanceof CborValue.Bytes url)) {
      response.commandError("redirect needs a byte-string argument url", List.of());
      return;
    }
    if (response.redirectOffered()) {
      response.redirect(CborValue.MapValue.of(CborValue.Bytes.of("url"), url,
          CborValue.Bytes.of("mediatype"), CborValue.Bytes.of("application/octet-stream")));
    } else {
      response.writeObject(url);
    }
    response.end();
  }

  private static void failAfter(ServerEvent.RunCommand run, ServerResponse response) {
    if (!(run.args().get("count") instanceof CborValue.Int count && count.fitsLong() && count.value() >= 0
        && count.value() <= MAX_STREAM_BYTES)
        || !(run.args().get("message") instanceof CborValue.Bytes message)) {
      response.commandError("failafter needs a small non-negative integer count and a byte-string message", List.of());
      return;
    }
    if (count.value() == 0) {
      response.commandError(message.latin1(), List.of());
      return;
    }
    for (long k = 0; k < count.value(); k++) {
      response.writeObject(message);
    }
    response.serverError(message.latin1());
  }

  private static void stream(ServerEvent.RunCommand run, ServerResponse response) {
    if (!(run.args().get("count") instanceof CborValue.Int count && count.fitsLong() && count.value() >= 0)
        || !(run.args().get("size") instanceof CborValue.Int size && size.fitsLong() && size.value() >= 0)) {
      response.commandError("stream needs non-negative integer arguments count and size", List.of());
      return;
    }
    if (count.value() > MAX_STREAM_BYTES || size.value() > MAX_STREAM_BYTES
        || count.value() * size.value() > MAX_STREAM_BYTES) {
      response.commandError("stream of %s strings of %s bytes is too large",
          List.of(CborValue.Bytes.of(count.toString()), CborValue.Bytes.of(size.toString())));
      return;
    }
    for (int k = 0; k < count.value(); k++) {
      byte[] b = new byte[(int) size.value()];
      for (int j = 0; j < b.length; j++) {
        b[j] = (byte) (k + j);
      }
      response.writeObject(new CborValue.Bytes(b));
    }
    response.end();
  }
}
