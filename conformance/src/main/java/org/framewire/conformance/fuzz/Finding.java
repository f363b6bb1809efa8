package org.framewire.conformance.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.framewire.conformance.Grade;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.CaseWriter;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.cases.Outcome;
import org.framewire.conformance.cases.Step;
import org.framewire.conformance.engine.SpecSections;
import org.framewire.frames.FrameNotation;
import org.framewire.spec.Requirement;

/**
 * A failure {@code framewire fuzz} found, shrunk: the client frames (and trailing partial frame) a
 * server-role case sends, what the reference server made of them, and why the target failed.
 *
 * <p>Written as a server case file (schema {@value CaseLoader#SCHEMA}, docs/conformance/case-format.md)
 * holding one case, so {@code framewire check --cases DIR} runs it like any other: its {@code steps}
 * send each frame ({@code send} in frame notation when the notation gives back the same bytes,
 * otherwise {@code sendHex}), the partial frame ({@code sendHex} marked {@code "partial": true}),
 * then half-close, as the fuzzer did; its {@code expect} is the reference server's reaction to
 * exactly these steps. The case's {@code fuzz} object keeps the run's facts ({@code description},
 * {@code seed}, {@code sequence}, {@code generated}, {@code originalFrames}); the loader ignores it.
 * Files of the earlier format {@value #FORMAT} are still read, for {@code --replay}.
 *
 * @param id the case id, {@code fuzz/SEED-SEQUENCE} for a fresh finding
 * @param description why the target failed
 * @param seed the run's seed
 * @param sequence the index of the failing sequence in the run
 * @param generated the generator's label of the original sequence
 * @param originalFrames how many frames the sequence had before shrinking
 * @param frames the shrunk frames' bytes, one array per frame
 * @param notations the frames in the notation of SPEC.md §1.4, for people
 * @param trailing bytes after the frames (a partial frame), possibly empty
 * @param expectRequirement the requirement the reference names, or {@code null} when it accepts
 * @param expect the reference server's reaction to the case's steps, as the case's allowed outcome
 */
public record Finding(String id, String description, long seed, long sequence, String generated,
    int originalFrames, List<byte[]> frames, List<String> notations, byte[] trailing, String expectRequirement,
    Outcome expect) {

  /** The format tag of the findings files written before findings became case files. */
  public static final String FORMAT = "framewire-fuzz-finding/1";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The client bytes: every frame, then the trailing bytes. */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frames.forEach(out::writeBytes);
    out.writeBytes(trailing);
    return out.toByteArray();
  }

  /** The file name {@link #write} uses: the id with {@code /} as {@code -}, and {@code .json}. */
  public String fileName() {
    return id.replace('/', '-') + ".json";
  }

  /** The case's steps: each frame, the partial frame if any, then half-close (TRANS-6). */
  public static List<Step> steps(List<byte[]> frames, List<String> notations, byte[] trailing) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      steps.add(frameStep(frames.get(i), notations.get(i)));
    }
    if (trailing.length > 0) {
      steps.add(new Step.SendHex(trailing));
    }
    steps.add(new Step.HalfClose());
    return steps;
  }

  private static Step frameStep(byte[] bytes, String notation) {
    try {
      if (Arrays.equals(FrameNotation.parse(notation).toBytes(), bytes)) {
        return new Step.Send(notation, FrameNotation.parse(notation));
      }
    } catch (RuntimeException e) {
      // a frame the notation cannot write (a violating header, an escaped payload): sent as hex
    }
    return new Step.SendHex(bytes);
  }

  /**
   * The requirements the case cites: the one the reference names when it rejects, with ERR-2 (the
   * error frame and close); CMD-15 (every dispatched request answered) when it accepts.
   */
  public List<Requirement> requirements() {
    Requirement named = expectRequirement == null ? null : Requirement.byId(expectRequirement);
    if (expectRequirement == null) {
      return List.of(Requirement.CMD_ALWAYS_RESPONDS);
    }
    if (named == null || named == Requirement.ERR_PROTOCOL_CLOSE) {
      return List.of(Requirement.ERR_PROTOCOL_CLOSE);
    }
    return List.of(named, Requirement.ERR_PROTOCOL_CLOSE);
  }

  /** The case file's JSON. */
  public ObjectNode toCaseFile() {
    List<Requirement> reqs = requirements();
    String title = "shrunk fuzz input (seed " + seed + ", sequence " + sequence + ", generated as " + generated
        + "): the reference server " + (expectRequirement == null ? "accepts it" : "rejects it naming " + expectRequirement);
    ObjectNode c = CaseWriter.serverCase(id, title, SpecSections.of(reqs.get(0)), reqs,
        steps(frames, notations, trailing), List.of(expect));
    int k = 0;
    for (JsonNode step : c.get("steps")) {
      if (k < frames.size() && step.has("sendHex")) {
        ((ObjectNode) step).put("note", notations.get(k));
      } else if (k == frames.size() && trailing.length > 0) {
        ((ObjectNode) step).put("partial", true);
      }
      k++;
    }
    ObjectNode fuzz = c.putObject("fuzz");
    fuzz.put("description", description);
    fuzz.put("seed", seed);
    fuzz.put("sequence", sequence);
    fuzz.put("generated", generated);
    fuzz.put("originalFrames", originalFrames);
    return CaseWriter.serverFile("framewire fuzz finding " + id, List.of(c));
  }

  /** Writes the finding as the case file {@code DIR/}{@link #fileName()}; returns the path. */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(fileName());
    JSON.writeValue(file.toFile(), toCaseFile());
    return file;
  }

  /**
   * Reads a file {@link #write} wrote (the first case of any server case file does: its sends are
   * the frames), or one of the earlier format {@value #FORMAT}.
   */
  public static Finding read(Path file) throws IOException {
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = JSON.readTree(in);
    }
    if (FORMAT.equals(root.path("format").asText())) {
      return readOldFormat(root);
    }
    List<ConformanceCase> cases = CaseLoader.read(root, file.toString());
    if (cases.isEmpty() || cases.get(0).expect().isEmpty()) {
      throw new IOException(file + ": not a server case file with a case");
    }
    ConformanceCase c = cases.get(0);
    List<byte[]> frames = new ArrayList<>();
    List<String> notations = new ArrayList<>();
    byte[] trailing = new byte[0];
    for (int i = 0; i < c.steps().size(); i++) {
      Step s = c.steps().get(i);
      JsonNode raw = c.raw().path("steps").path(i);
      if (s instanceof Step.Send send) {
        frames.add(send.frame().toBytes());
        notations.add(send.notation());
      } else if (s instanceof Step.SendHex hex && raw.path("partial").asBoolean(false)) {
        trailing = hex.bytes();
      } else if (s instanceof Step.SendHex hex) {
        frames.add(hex.bytes());
        notations.add(raw.path("note").asText("raw " + HexFormat.of().formatHex(hex.bytes())));
      } else if (s instanceof Step.SendPart part) {
        frames.add(Arrays.copyOf(part.frame().toBytes(), Math.min(part.bytes(), part.frame().toBytes().length)));
        notations.add("first " + part.bytes() + " bytes of " + part.notation());
      }
    }
    JsonNode fuzz = c.raw().path("fuzz");
    Outcome expect = c.expect().get(0);
    return new Finding(c.id(), fuzz.path("description").asText(c.title()), fuzz.path("seed").asLong(),
        fuzz.path("sequence").asLong(), fuzz.path("generated").asText("(case file)"),
        fuzz.path("originalFrames").asInt(frames.size()), frames, notations, trailing,
        expect.kind() == Outcome.Kind.ERROR ? expect.requirement() : null, expect);
  }

  private static Finding readOldFormat(JsonNode root) {
    List<byte[]> frames = new ArrayList<>();
    List<String> notations = new ArrayList<>();
    for (JsonNode f : root.path("frames")) {
      frames.add(HexFormat.of().parseHex(f.path("hex").asText()));
      notations.add(f.path("notation").asText());
    }
    JsonNode req = root.path("expect").path("requirement");
    String requirement = req.isNull() || req.isMissingNode() ? null : req.asText();
    return new Finding("fuzz/" + root.path("seed").asLong() + "-" + root.path("sequence").asLong(),
        root.path("description").asText(), root.path("seed").asLong(),
        root.path("sequence").asLong(), root.path("generated").asText(), root.path("originalFrames").asInt(),
        frames, notations, HexFormat.of().parseHex(root.path("trailing").asText()), requirement,
        verdictOutcome(requirement));
  }

  /**
   * The outcome a verdict alone gives, when the reference's reaction could not be recorded: an
   * error frame naming the requirement, or for an accepted input a close without one.
   */
  static Outcome verdictOutcome(String requirement) {
    return requirement != null
        ? new Outcome(Outcome.Kind.ERROR, Grade.PASS, Map.of(), "protocol", requirement, 0, true, null)
        : new Outcome(Outcome.Kind.CLOSED, Grade.PASS, Map.of(), "protocol", null, 0, true, null);
  }
}
