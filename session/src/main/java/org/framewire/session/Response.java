package org.framewire.session;

import java.util.List;
import org.framewire.cbor.CborValue;

/**
 * A complete response to one command (SPEC.md §6.3), as {@link ClientCalls} assembles it from a
 * client session's events.
 *
 * @param requestId the request it answers
 * @param objects the response's values after the status map, in order; a top-level byte string
 *     streamed in chunks ({@link ClientConfig.ByteStringMode#STREAM}) appears as one {@link
 *     CborValue.IndefiniteBytes}
 * @param redirect the location of a content redirect (SPEC.md §6.4), or {@code null}
 * @param textOutput the text-output atoms received with the response, in order
 */
public record Response(int requestId, List<CborValue> objects, CborValue.MapValue redirect, List<TextAtom> textOutput) {

  public Response {
    objects = List.copyOf(objects);
    textOutput = List.copyOf(textOutput);
  }

  /** Whether the response is a content redirect. */
  public boolean isRedirect() {
    return redirect != null;
  }

  /**
   * The only value of a response expected to hold exactly one.
   *
   * @throws IllegalStateException when it holds another number of values
   */
  public CborValue single() {
    if (objects.size() != 1) {
      throw new IllegalStateException("response " + requestId + " holds " + objects.size() + " values, not one");
    }
    return objects.get(0);
  }

  @Override
  public String toString() {
    return "Response[" + requestId + ", " + objects.size() + " objects"
        + (redirect == null ? "" : ", redirect " + redirect) + "]";
  }
}
