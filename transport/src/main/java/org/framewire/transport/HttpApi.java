package org.framewire.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The constants and header rules of the HTTP transport (SPEC.md §9.2), shared by {@link
 * HttpApiServer} and {@link HttpApiClient}.
 *
 * <p>Paths: {@code /api/<prefix>/ro/<command>} carries exactly one request for that command;
 * {@code /api/<prefix>/ro/multirequest} carries any number. Both bodies carry {@link #MEDIA_TYPE}
 * (TRANS-2).
 */
public final class HttpApi {

  /** The media type of request and response bodies (TRANS-2). */
  public static final String MEDIA_TYPE = "application/mercurial-exp-framing-0006";

  /** The API prefix unless configured otherwise: Mercurial's name for it. */
  public static final String DEFAULT_PREFIX = "exp-http-v2-0003";

  /** The last path segment of the path that carries any number of requests. */
  public static final String MULTIREQUEST = "multirequest";

  private HttpApi() {}

  /** The path of {@code command} (or {@link #MULTIREQUEST}) under {@code prefix}. */
  public static String path(String prefix, String command) {
    return "/api/" + encodeSegment(prefix) + "/ro/" + encodeSegment(command);
  }

  /**
   * Whether one of the {@code Accept} header values lists {@link #MEDIA_TYPE} (TRANS-3). Parameters
   * are ignored and wildcards do not count, as SPEC.md §9.2 says.
   */
  public static boolean accepts(List<String> acceptHeaders) {
    if (acceptHeaders == null) {
      return false;
    }
    for (String header : acceptHeaders) {
      for (String range : header.split(",")) {
        if (isMediaType(range)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a {@code Content-Type} value is {@link #MEDIA_TYPE}, parameters ignored (TRANS-4). */
  public static boolean isMediaType(String value) {
    int semicolon = value.indexOf(';');
    String type = (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    return type.equals(MEDIA_TYPE);
  }

  /** Percent-decodes one path segment as UTF-8; {@code null} when an escape is malformed. */
  public static String decodeSegment(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        continue;
      }
      if (i + 2 >= raw.length()) {
        return null;
      }
      int hi = Character.digit(raw.charAt(i + 1), 16);
      int lo = Character.digit(raw.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      out.write(hi << 4 | lo);
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Percent-encodes everything but unreserved characters (RFC 3986 §2.3). */
  static String encodeSegment(String segment) {
    StringBuilder sb = new StringBuilder(segment.length());
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }
}
