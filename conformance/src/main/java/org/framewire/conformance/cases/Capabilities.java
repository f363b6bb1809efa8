package org.framewire.conformance.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a target declares it supports (a capabilities file, {@code --capabilities FILE} of {@code
 * framewire check} and {@code framewire check-client}; docs/conformance/README.md): its encoding
 * profiles, its maximum frame size, its SPEC.md §10 limits and the optional commands of Appendix A
 * it implements. Cases whose {@link Needs} the target does not meet are graded not-applicable; case
 * templates read the limits.
 *
 * @param encodings the encoding profiles the target supports
 * @param maxFrameSize the largest payload the target accepts (FRAME-2)
 * @param limits the limits the target declares; a limit absent here is not declared (the file
 *     said {@code null}, or it has no default), and cases needing it are not applicable
 * @param commands the optional commands of SPEC.md Appendix A ({@link #OPTIONAL_COMMANDS}) the
 *     target implements; none by default, and the cases asking for one are not applicable
 */
public record Capabilities(List<String> encodings, int maxFrameSize, Map<Limit, Long> limits, List<String> commands) {

  /** Every profile of SPEC.md §4. */
  public static final List<String> ALL_ENCODINGS = List.of("identity", "zlib", "zstd-8mb");

  /**
   * The optional commands of SPEC.md Appendix A, which make a server send text output ({@code
   * say}, TEXT-1) and progress ({@code progress}, PROG-1).
   */
  public static final List<String> OPTIONAL_COMMANDS = List.of("say", "progress");

  /**
   * What a target is assumed to support without a file: every encoding profile, a 65535-byte
   * maximum frame size and the SPEC.md §10 defaults of every limit but the frame-read timeout.
   */
  public static final Capabilities DEFAULTS = new Capabilities(ALL_ENCODINGS, 0xFFFF, specDefaults());

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Capabilities without optional commands. */
  public Capabilities(List<String> encodings, int maxFrameSize, Map<Limit, Long> limits) {
    this(encodings, maxFrameSize, limits, List.of());
  }

  public Capabilities {
    encodings = List.copyOf(encodings);
    commands = List.copyOf(commands);
    for (String c : commands) {
      if (!OPTIONAL_COMMANDS.contains(c)) {
        throw new IllegalArgumentException("unknown optional command " + c + " (SPEC.md Appendix A has " + OPTIONAL_COMMANDS + ")");
      }
    }
    EnumMap<Limit, Long> copy = new EnumMap<>(Limit.class);
    copy.putAll(limits);
    limits = java.util.Collections.unmodifiableMap(copy);
    if (maxFrameSize < 1 || maxFrameSize > 0xFFFFFF) {
      throw new IllegalArgumentException("maxFrameSize " + maxFrameSize + " outside 1..2^24-1");
    }
    limits.forEach((l, v) -> {
      if (v < 1) {
        throw new IllegalArgumentException(l.jsonName() + " " + v + " is not positive");
      }
    });
  }

  private static Map<Limit, Long> specDefaults() {
    Map<Limit, Long> m = new EnumMap<>(Limit.class);
    for (Limit l : Limit.values()) {
      if (l.specDefault() > 0) {
        m.put(l, l.specDefault());
      }
    }
    return m;
  }

  /** These capabilities with {@code limit} declared as {@code value}. */
  public Capabilities with(Limit limit, long value) {
    Map<Limit, Long> m = new EnumMap<>(limits);
    m.put(limit, value);
    return new Capabilities(encodings, maxFrameSize, m, commands);
  }

  /** These capabilities declaring the optional Appendix A {@code commands} instead. */
  public Capabilities withCommands(List<String> commands) {
    return new Capabilities(encodings, maxFrameSize, limits, commands);
  }

  /** Reads a capabilities file; what it leaves out keeps its {@link #DEFAULTS} value. */
  public static Capabilities read(Path file) throws IOException {
    try {
      return parse(JSON.readTree(file.toFile()));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses the JSON of a capabilities file; unknown keys are errors (a typo must not pass silently). */
  public static Capabilities parse(JsonNode root) {
    if (!root.isObject()) {
      throw new IllegalArgumentException("a capabilities file is a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!List.of("encodings", "maxFrameSize", "limits", "commands", "$schema", "comment").contains(k)) {
        throw new IllegalArgumentException("unknown key " + k);
      }
    }
    List<String> enc = new ArrayList<>(DEFAULTS.encodings);
    if (root.has("encodings")) {
      enc.clear();
      for (JsonNode e : root.get("encodings")) {
        if (!ALL_ENCODINGS.contains(e.asText())) {
          throw new IllegalArgumentException("unknown encoding profile " + e);
        }
        enc.add(e.asText());
      }
    }
    int maxFrameSize = root.has("maxFrameSize") ? root.get("maxFrameSize").asInt() : DEFAULTS.maxFrameSize;
    Map<Limit, Long> limits = new EnumMap<>(DEFAULTS.limits);
    JsonNode l = root.path("limits");
    for (Iterator<Map.Entry<String, JsonNode>> it = l.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Limit limit = Limit.byJsonName(e.getKey());
      if (limit == null) {
        throw new IllegalArgumentException("unknown limit " + e.getKey());
      }
      if (e.getValue().isNull()) {
        limits.remove(limit);
      } else if (e.getValue().canConvertToLong() && e.getValue().isIntegralNumber()) {
        limits.put(limit, e.getValue().asLong());
      } else {
        throw new IllegalArgumentException(e.getKey() + " must be a positive integer or null, not " + e.getValue());
      }
    }
    List<String> commands = new ArrayList<>();
    root.path("commands").forEach(c -> commands.add(c.asText()));
    return new Capabilities(enc, maxFrameSize, limits, commands);
  }

  /** Why the target cannot run a case with these needs, or empty when it can. */
  public Optional<String> unmet(Needs needs) {
    List<String> missing = new ArrayList<>();
    for (String e : needs.encodings()) {
      if (!encodings.contains(e)) {
        missing.add("encoding " + e);
      }
    }
    if (needs.maxFrameSize() != 0 && needs.maxFrameSize() != maxFrameSize) {
      missing.add("a maximum frame size of " + needs.maxFrameSize() + " (declared: " + maxFrameSize + ")");
    }
    for (Limit l : needs.limits()) {
      if (!limits.containsKey(l)) {
        missing.add("a declared " + l.jsonName());
      }
    }
    for (String c : needs.commands()) {
      if (!commands.contains(c)) {
        missing.add("the optional command " + c + " (SPEC.md Appendix A; declare it under \"commands\")");
      }
    }
    return missing.isEmpty() ? Optional.empty() : Optional.of("the target's capabilities lack " + String.join(", ", missing));
  }

  /** The template variables: {@code maxFrameSize} and every declared limit by its JSON name. */
  public Map<String, Long> variables() {
    Map<String, Long> v = new HashMap<>();
    v.put("maxFrameSize", (long) maxFrameSize);
    limits.forEach((l, n) -> v.put(l.jsonName(), n));
    return v;
  }
}
