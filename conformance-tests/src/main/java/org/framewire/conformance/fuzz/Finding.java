package org.framewire.conformance.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A failure {@code framewire fuzz} found, shrunk: the client frames (and trailing partial frame) a
 * server-role case sends, what the reference server made of them, and why the target failed.
 *
 * <p>File format {@value #FORMAT} (JSON): {@code format}, {@code role} ({@code "server"}), {@code
 * id}, {@code description} (the failure), {@code seed} and {@code sequence} (replay by seed),
 * {@code generated} (the generator's label of the unshrunk input), {@code originalFrames}, {@code
 * expect} ({@code {"verdict": "accepted"|"rejected", "requirement": ID|null}}: the reference
 * server's verdict on the shrunk input), {@code frames} (each {@code {"notation": ..., "hex": ...}};
 * the hex is authoritative, the notation of SPEC.md §1.4 is for people) and {@code trailing} (hex).
 *
 * @param id a name for the case
 * @param description why the target failed
 * @param seed the run's seed
 * @param sequence the index of the failing sequence in the run
 * @param generated the generator's label of the original sequence
 * @param originalFrames how many frames the sequence had before shrinking
 * @param frames the shrunk frames' bytes, one array per frame
 * @param notations the frames in the notation of SPEC.md §1.4, for people
 * @param trailing bytes after the frames (a partial frame), possibly empty
 * @param expectRequirement the requirement the reference names, or {@code null} when it accepts
 */
public record Finding(String id, String description, long seed, long sequence, String generated,
    int originalFrames, List<byte[]> frames, List<String> notations, byte[] trailing, String expectRequirement) {

  /** The format tag written in every file. */
  public static final String FORMAT = "framewire-fuzz-finding/1";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The client bytes: every frame, then the trailing bytes. */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frames.forEach(out::writeBytes);
    out.writeBytes(trailing);
    return out.toByteArray();
  }

  /** Writes the finding as {@code DIR/ID.json}; returns the path. */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("role", "server");
    root.put("id", id);
    root.put("description", description);
    root.put("seed", seed);
    root.put("sequence", sequence);
    root.put("generated", generated);
    root.put("originalFrames", originalFrames);
    ObjectNode expect = root.putObject("expect");
    expect.put("verdict", expectRequirement == null ? "accepted" : "rejected");
    if (expectRequirement == null) {
      expect.putNull("requirement");
    } else {
      expect.put("requirement", expectRequirement);
    }
    ArrayNode fs = root.putArray("frames");
    for (int i = 0; i < frames.size(); i++) {
      ObjectNode o = fs.addObject();
      o.put("notation", notations.get(i));
      o.put("hex", HexFormat.of().formatHex(frames.get(i)));
    }
    root.put("trailing", HexFormat.of().formatHex(trailing));
    Path file = dir.resolve(id + ".json");
    JSON.writeValue(file.toFile(), root);
    return file;
  }

  /** Reads a file {@link #write} wrote. */
  public static Finding read(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new IOException(file + ": not a " + FORMAT + " file");
    }
    List<byte[]> frames = new ArrayList<>();
    List<String> notations = new ArrayList<>();
    for (JsonNode f : root.path("frames")) {
      frames.add(HexFormat.of().parseHex(f.path("hex").asText()));
      notations.add(f.path("notation").asText());
    }
    JsonNode req = root.path("expect").path("requirement");
    return new Finding(root.path("id").asText(), root.path("description").asText(), root.path("seed").asLong(),
        root.path("sequence").asLong(), root.path("generated").asText(), root.path("originalFrames").asInt(),
        frames, notations, HexFormat.of().parseHex(root.path("trailing").asText()), req.isNull() || req.isMissingNode() ? null : req.asText());
  }
}
