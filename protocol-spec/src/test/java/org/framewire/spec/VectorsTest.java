package org.framewire.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class VectorsTest {

  private static final Pattern REQUIREMENT = Pattern.compile("\"(?:requirement|error)\": \"([A-Z]+-\\d+)\"");

  @Test
  void namesListEveryVectorFileInTheSourceTree() throws IOException {
    Path root = Path.of("vectors");
    List<String> onDisk;
    try (Stream<Path> files = Files.walk(root)) {
      onDisk = files
          .filter(p -> p.toString().endsWith(".json"))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .collect(Collectors.toList());
    }
    assertEquals(onDisk, Vectors.names().stream().sorted().collect(Collectors.toList()));
  }

  @Test
  void everyBundledFileOpensAndDeclaresTheSchema() throws IOException {
    for (String name : Vectors.names()) {
      try (InputStream in = Vectors.open(name)) {
        String head = new String(in.readNBytes(200), StandardCharsets.UTF_8);
        assertTrue(head.contains("\"schema\": \"framewire-vectors/1\""), name);
      }
    }
  }

  @Test
  void requirementIdsInOurVectorsExist() throws IOException {
    TreeSet<String> unknown = new TreeSet<>();
    for (String name : Vectors.names()) {
      if (!name.startsWith("framewire/")) {
        continue;
      }
      try (InputStream in = Vectors.open(name)) {
        Matcher m = REQUIREMENT.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        while (m.find()) {
          if (Requirement.byId(m.group(1)) == null) {
            unknown.add(name + ": " + m.group(1));
          }
        }
      }
    }
    assertEquals(new TreeSet<String>(), unknown);
  }

  @Test
  void rejectsUnknownNames() {
    assertThrows(IllegalArgumentException.class, () -> Vectors.open("mercurial/nope.json"));
  }
}
