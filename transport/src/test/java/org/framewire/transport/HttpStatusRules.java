package org.framewire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The HTTP checks of SPEC.md §9.2 in their order (method, path, Accept, Content-Type), as rows any
 * HTTP host is tested with: this module's {@link HttpApiServer} and the hosts built on the
 * transport (through the test-jar). Each row breaks the rule its status names and, where it says
 * so, later rules too, which must not win.
 */
public final class HttpStatusRules {
  private static final String MEDIA = HttpApi.MEDIA_TYPE;
  private static final String API = "/api/" + HttpApi.DEFAULT_PREFIX;

  private HttpStatusRules() {}

  /** (method, path, Accept or null, Content-Type or null, status) for {@code @MethodSource}. */
  public static Stream<Arguments> rows() {
    return Stream.of(
        // TRANS-7: any method but POST on an API path, whatever else is wrong
        Arguments.of("GET", API + "/ro/echo", MEDIA, MEDIA, 405),
        Arguments.of("PUT", API + "/ro/echo", null, null, 405),
        Arguments.of("GET", "/api/other/ro/nope", null, null, 405),
        // TRANS-8: unknown prefix, unknown command, not ro, too short, outside /api/
        Arguments.of("POST", "/api/other/ro/echo", MEDIA, MEDIA, 404),
        Arguments.of("POST", API + "/ro/nope", null, null, 404),
        Arguments.of("POST", API + "/rw/echo", MEDIA, MEDIA, 404),
        Arguments.of("POST", API + "/ro", MEDIA, MEDIA, 404),
        Arguments.of("POST", API + "/ro/echo/x", MEDIA, MEDIA, 404),
        Arguments.of("GET", "/elsewhere", MEDIA, MEDIA, 404),
        // TRANS-3: Accept must list the media type; */* does not count; parameters are ignored
        Arguments.of("POST", API + "/ro/echo", null, "text/plain", 406),
        Arguments.of("POST", API + "/ro/echo", "*/*", MEDIA, 406),
        Arguments.of("POST", API + "/ro/echo", "application/json", MEDIA, 406),
        // TRANS-4: Content-Type must be the media type
        Arguments.of("POST", API + "/ro/echo", MEDIA, null, 415),
        Arguments.of("POST", API + "/ro/echo", MEDIA, "application/cbor", 415),
        // all pass: 200 (the empty body then breaks TRANS-5, reported in band)
        Arguments.of("POST", API + "/ro/echo", MEDIA + ";q=1", MEDIA + "; x=y", 200),
        Arguments.of("POST", API + "/ro/multirequest", "text/html, " + MEDIA, MEDIA, 200));
  }

  /**
   * Sends one row's request with an empty body to the host at {@code base} and asserts its status,
   * the {@code Allow: POST} header of a 405 and the media type of a 200.
   */
  public static void check(HttpClient http, URI base, String method, String path, String accept,
      String contentType, int status) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody());
    Optional.ofNullable(accept).ifPresent(a -> b.header("Accept", a));
    Optional.ofNullable(contentType).ifPresent(t -> b.header("Content-Type", t));
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(status, r.statusCode(), new String(r.body()));
    if (status == 405) {
      assertEquals(Optional.of("POST"), r.headers().firstValue("Allow"));
    }
    if (status == 200) {
      assertTrue(HttpApi.isMediaType(r.headers().firstValue("Content-Type").orElse("")));
    }
  }
}
