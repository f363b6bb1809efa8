package org.framewire.conformance.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.framewire.spec.Requirement;

/**
 * A deviations file for {@code framewire fuzz --deviations FILE}: the target's known departures from
 * SPEC.md, tolerated (counted, reported, not written as findings), like the known-failures file of
 * {@code framewire check}. One entry a line, {@code #} starts a comment; the comment lines right
 * above an entry, or after it on its line, are its reason:
 *
 * <ul>
 *   <li>a requirement id tolerates every disagreement about that requirement: the ones where the
 *       reference rejects naming it (the target accepts FRAME-7 violations: {@code FRAME-7}), and
 *       the ones the target's own verdict breaks — a rejection naming no requirement breaks ERR-3,
 *       a close without an error frame where the reference rejects breaks ERR-2;
 *   <li>a signature {@code GENERATED | REFERENCE | TARGET} ({@link Signature}) tolerates exactly
 *       that signature.
 * </ul>
 *
 * <p>A ratchet, like known failures: the summary lists the entries no input matched, so that a
 * fixed deviation is struck off.
 *
 * @param entries each entry with its reason, in file order
 */
public record Deviations(Map<String, String> entries) {

  /** No deviation tolerated. */
  public static final Deviations NONE = new Deviations(Map.of());

  private static final Pattern REQUIREMENT = Pattern.compile("[A-Z]+-[0-9]+");

  public Deviations {
    entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /** Reads a deviations file; an entry that is neither a known requirement id nor a signature is an error. */
  public static Deviations read(Path file) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    List<String> comment = new ArrayList<>();
    int n = 0;
    for (String line : Files.readAllLines(file)) {
      n++;
      int hash = line.indexOf('#');
      String entry = (hash >= 0 ? line.substring(0, hash) : line).trim();
      String note = hash >= 0 ? line.substring(hash + 1).trim() : "";
      if (entry.isEmpty()) {
        if (line.isBlank()) {
          comment.clear();
        } else {
          comment.add(note);
        }
        continue;
      }
      if (REQUIREMENT.matcher(entry).matches()) {
        if (Requirement.byId(entry) == null) {
          throw new IOException(file + ":" + n + ": no requirement " + entry + " in SPEC.md");
        }
      } else {
        try {
          entry = Signature.parse(entry).toString();
        } catch (IllegalArgumentException e) {
          throw new IOException(file + ":" + n + ": " + e.getMessage());
        }
      }
      String reason = String.join(" ", comment) + (note.isEmpty() ? "" : (comment.isEmpty() ? "" : " ") + note);
      entries.put(entry, reason);
      comment.clear();
    }
    return new Deviations(entries);
  }

  /** The entry that tolerates a disagreement with {@code signature}, or empty. */
  Optional<String> tolerating(Signature signature, Reaction reference, Reaction target) {
    if (entries.containsKey(signature.toString())) {
      return Optional.of(signature.toString());
    }
    List<String> ids = new ArrayList<>();
    reference.requirement().ifPresent(r -> ids.add(r.id()));
    if (reference.kind() == Reaction.Kind.REJECTED) {
      if (target.kind() == Reaction.Kind.REJECTED && target.requirement().isEmpty()) {
        ids.add(Requirement.ERR_PROTOCOL_REQUIREMENT.id());
      } else if (target.kind() == Reaction.Kind.CLOSED) {
        ids.add(Requirement.ERR_PROTOCOL_CLOSE.id());
      }
    }
    return ids.stream().filter(entries::containsKey).findFirst();
  }
}
