package org.framewire.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.framewire.conformance.fuzz.Finding;
import org.framewire.conformance.fuzz.Fuzzer;
import org.framewire.conformance.fuzz.OracleMode;

/** The end of a {@code framewire fuzz} run: the table of signatures, and the same as JSON. */
final class FuzzSummary {

  private FuzzSummary() {}

  static void print(PrintStream out, Fuzzer.Result result, Map<Fuzzer.Group, Path> files, String select, Path outDir) {
    out.printf("fuzz: %d sequences in %.1f s (%.0f sequences/s): %d signatures found, %d tolerated%n",
        result.sequences(), result.seconds(), result.rate(), result.findings().size(),
        result.groups().size() - result.findings().size());
    if (result.groups().isEmpty()) {
      return;
    }
    out.printf("%7s  %-9s  %s%n", "count", "status", "signature (generated | reference | target)");
    for (Fuzzer.Group g : result.groups()) {
      out.printf("%7d  %-9s  %s%n", g.count(), g.tolerance() == null ? "FINDING" : "tolerated", g.signature());
      if (g.tolerance() != null) {
        out.println("                    tolerated by " + g.tolerance());
        continue;
      }
      Finding f = g.finding();
      out.println("                    " + f.frames().size() + " frames" + (f.trailing().length > 0 ? " and a partial frame" : "")
          + " (from " + f.originalFrames() + ", shrinking " + g.shrinkNote() + "): " + files.get(g));
      for (String n : f.notations()) {
        out.println("                      > " + (n.length() > 160 ? n.substring(0, 160) + "..." : n));
      }
    }
    for (String unused : result.unusedDeviations()) {
      out.println("deviation not seen in this run (remove it once fixed?): " + unused);
    }
    if (!result.findings().isEmpty()) {
      out.println("replay one: framewire fuzz " + select + " --replay FILE");
      out.println("as conformance cases: framewire check " + select + " --cases " + outDir);
    }
  }

  static void writeJson(Path file, Fuzzer.Result result, Map<Fuzzer.Group, Path> files, String target, long seed,
      OracleMode mode) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("target", target);
    root.put("seed", seed);
    root.put("oracle", mode.toString());
    root.put("sequences", result.sequences());
    root.put("seconds", result.seconds());
    root.put("sequencesPerSecond", result.rate());
    ArrayNode sigs = root.putArray("signatures");
    for (Fuzzer.Group g : result.groups()) {
      ObjectNode s = sigs.addObject();
      s.put("signature", g.signature().toString());
      s.put("generated", g.signature().generated());
      s.put("reference", g.signature().reference());
      s.put("target", g.signature().target());
      s.put("count", g.count());
      s.put("firstSequence", g.firstSequence());
      if (g.tolerance() != null) {
        s.put("toleratedBy", g.tolerance());
      } else {
        s.put("file", String.valueOf(files.get(g)));
        s.put("caseId", g.finding().id());
        s.put("frames", g.finding().frames().size());
        s.put("originalFrames", g.finding().originalFrames());
        s.put("shrinking", g.shrinkNote());
      }
    }
    ArrayNode unused = root.putArray("unusedDeviations");
    result.unusedDeviations().forEach(unused::add);
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    json.writeValue(file.toFile(), root);
  }
}
