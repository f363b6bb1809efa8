package org.framewire.conformance.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/**
 * The requirements a client (as receiver of a server's frames, or as sender of its own) must meet
 * each have a client case. Requirements only a server can break or meet are the server role's; the
 * client's frame-read timeout (LIMIT-4, 30 s by default) is left out to keep the suite fast.
 */
class ClientCoverageTest {
  static final Set<String> CLIENT_REQUIREMENTS = Set.of(
      "FRAME-1", "FRAME-2", "FRAME-3", "FRAME-4", "FRAME-5", "FRAME-6", "FRAME-7", "FRAME-8", "FRAME-9", "FRAME-10",
      "STREAM-1", "STREAM-2", "STREAM-3", "STREAM-4", "STREAM-5", "STREAM-6", "STREAM-7",
      "ENC-1", "ENC-2", "ENC-3", "ENC-4", "ENC-5", "ENC-6", "ENC-7", "ENC-8", "ENC-9", "ENC-11", "ENC-12",
      "CBOR-1", "CBOR-2", "CBOR-4", "CBOR-5",
      "CMD-1", "CMD-2", "CMD-4", "CMD-5", "CMD-7", "CMD-8", "CMD-9", "CMD-10", "CMD-12", "CMD-14", "CMD-15",
      "CMD-16", "CMD-17",
      "ERR-1", "ERR-2", "ERR-3", "ERR-4", "ERR-5", "TEXT-1", "PROG-1",
      "SET-1", "SET-2", "SET-4", "LIMIT-1", "LIMIT-2", "LIMIT-8", "TRANS-1", "TRANS-2", "TRANS-5");

  @Test
  void everyClientRequirementHasACase() {
    Set<String> covered = ClientCases.bundled().stream()
        .flatMap(c -> c.requirements().stream()).map(Requirement::id).collect(Collectors.toSet());
    Set<String> missing = new TreeSet<>(CLIENT_REQUIREMENTS);
    missing.removeAll(covered);
    assertEquals(Set.of(), missing);
  }
}
