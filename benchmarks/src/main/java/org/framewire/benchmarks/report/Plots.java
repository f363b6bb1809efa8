package org.framewire.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.framewire.benchmarks.Payloads;

/**
 * The PNG plots of a bench report, drawn from the report's JSON alone (so {@code --from} redraws
 * them without measuring): frames/s by payload size for decoding (framewire, Netty, Mercurial)
 * and encoding (framewire, Netty), compressed size by strategy, and every ratio against its goal.
 * Files are named {@code <prefix>-decode.png}, {@code -encode.png}, {@code -compression.png},
 * {@code -ratios.png}.
 */
public final class Plots {

  static final int WIDTH = 900;
  static final int HEIGHT = 480;

  private Plots() {}

  /** Writes the plots into {@code dir}; returns the files written. */
  public static List<Path> write(JsonNode report, Path dir, String prefix) throws IOException {
    Files.createDirectories(dir);
    JsonNode d = report.path("details");
    List<String> sizes = new ArrayList<>();
    for (String s : Payloads.SIZES) {
      sizes.add(sizeLabel(Integer.parseInt(s)));
    }
    List<Path> written = new ArrayList<>();

    JsonNode decode = d.path("decode_frames_per_second");
    List<BarChart.Series> decodeSeries = new ArrayList<>(List.of(
        new BarChart.Series("framewire FrameDecoder", BarChart.BLUE, bySize(decode.path("framewire"))),
        new BarChart.Series("Netty DefaultHttp2FrameReader", BarChart.ORANGE, bySize(decode.path("netty_http2")))));
    if (decode.has("mercurial")) {
      decodeSeries.add(new BarChart.Series("Mercurial 6.3.2 (Python)", BarChart.GRAY, bySize(decode.path("mercurial"))));
    }
    written.add(chart(dir, prefix, "decode", new BarChart("Frames decoded per second, by payload size",
        "frames/s", sizes, decodeSeries, true, Format::si)));

    JsonNode encode = d.path("encode_frames_per_second");
    written.add(chart(dir, prefix, "encode", new BarChart("Frames encoded per second, by payload size",
        "frames/s", sizes, List.of(
            new BarChart.Series("framewire FrameEncoder", BarChart.BLUE, bySize(encode.path("framewire"))),
            new BarChart.Series("Netty DefaultHttp2FrameWriter", BarChart.ORANGE, bySize(encode.path("netty_http2")))),
        true, Format::si)));

    JsonNode c = d.path("compressed_sizes");
    String[] strategies = {"identity", "per_frame", "per_request", "one_stream"};
    List<BarChart.Series> sizeSeries = new ArrayList<>();
    String[] profiles = {"zstd-8mb", "zlib"};
    java.awt.Color[] colors = {BarChart.BLUE, BarChart.GREEN};
    for (int p = 0; p < profiles.length; p++) {
      double[] kib = new double[strategies.length];
      for (int s = 0; s < strategies.length; s++) {
        kib[s] = c.path(profiles[p]).path(strategies[s]).asDouble(Double.NaN) / 1024;
      }
      sizeSeries.add(new BarChart.Series(profiles[p], colors[p], kib));
    }
    written.add(chart(dir, prefix, "compression", new BarChart(
        "Encoded size of " + c.path("responses").asInt() + " similar ~1 KB responses, by strategy",
        "KiB", List.of("identity", "per frame", "per request", "one stream"), sizeSeries, false, Format::number)));

    Path ratios = dir.resolve(prefix + "-ratios.png");
    ImageIO.write(ratioChart(report), "png", ratios.toFile());
    written.add(ratios);
    return written;
  }

  private static Path chart(Path dir, String prefix, String name, BarChart chart) throws IOException {
    Path png = dir.resolve(prefix + "-" + name + ".png");
    chart.write(png, WIDTH, HEIGHT);
    return png;
  }

  private static double[] bySize(JsonNode values) {
    double[] v = new double[Payloads.SIZES.length];
    for (int i = 0; i < v.length; i++) {
      JsonNode n = values.path(Payloads.SIZES[i]);
      v[i] = n.isNumber() ? n.asDouble() : Double.NaN;
    }
    return v;
  }

  private static String symbol(Goal g) {
    return g.goalText().replace(">=", "\u2265").replace("<=", "\u2264");
  }

  static String sizeLabel(int bytes) {
    return bytes >= 1024 ? bytes / 1024 + " KiB payload" : bytes + " B payload";
  }

  /**
   * Each ratio as a horizontal bar on a log scale, with its goal as a black tick: green when the
   * goal is met, red when missed, gray and empty when not measured. The allocation goal (0 bytes)
   * has no place on a log scale and is left to the table.
   */
  /**
   * The log axis of the ratio chart: 0.1 to 100, widened to whole decades so that every measured
   * ratio and every goal lies inside it (a bar cut off at the axis end would understate its value).
   */
  static double[] decades(JsonNode ratios, List<Goal> shown) {
    double lo = 0.1;
    double hi = 100;
    for (Goal goal : shown) {
      JsonNode v = ratios.path(goal.key());
      for (double d : v.isNumber() && v.asDouble() > 0 ? new double[] {v.asDouble(), goal.target()} : new double[] {goal.target()}) {
        lo = Math.min(lo, Math.pow(10, Math.floor(Math.log10(d))));
        hi = Math.max(hi, Math.pow(10, Math.ceil(Math.log10(d))));
      }
    }
    return new double[] {lo, hi};
  }

  static BufferedImage ratioChart(JsonNode report) {
    List<Goal> shown = new ArrayList<>();
    for (Goal g : Goal.values()) {
      if (g.target() > 0) {
        shown.add(g);
      }
    }
    int rowHeight = 34;
    int top = 56;
    int left = 250;
    int right = 200;
    int height = top + rowHeight * shown.size() + 50;
    return BarChart.canvas(WIDTH, height, g -> {
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
      String title = "Ratios against their goals (black tick), log scale";
      g.drawString(title, (WIDTH - g.getFontMetrics().stringWidth(title)) / 2, 28);

      double[] range = decades(report.path("ratios"), shown);
      double lo = range[0];
      double hi = range[1];
      int x0 = left;
      int x1 = WIDTH - right;
      java.util.function.DoubleToIntFunction x =
          v -> (int) Math.round(x0 + (Math.log10(Math.max(lo, Math.min(hi, v))) - Math.log10(lo))
              / (Math.log10(hi) - Math.log10(lo)) * (x1 - x0));
      int axisBottom = top + rowHeight * shown.size();
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (double t = lo; t <= hi * 1.0001; t *= 10) {
        int tx = x.applyAsInt(t);
        g.setColor(new Color(0xe6e6e6));
        g.drawLine(tx, top - 6, tx, axisBottom);
        g.setColor(Color.DARK_GRAY);
        String label = Format.tick(t, false);
        g.drawString(label, tx - g.getFontMetrics().stringWidth(label) / 2, axisBottom + 18);
      }
      int base = x.applyAsInt(1);
      g.setColor(Color.GRAY);
      g.drawLine(base, top - 6, base, axisBottom);

      JsonNode ratios = report.path("ratios");
      for (int i = 0; i < shown.size(); i++) {
        Goal goal = shown.get(i);
        int y = top + i * rowHeight;
        JsonNode v = ratios.path(goal.key());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
        g.drawString(goal.key(), 12, y + 21);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        if (v.isNumber()) {
          double value = v.asDouble();
          int vx = x.applyAsInt(value);
          g.setColor(goal.met(value) ? new Color(0x2ca02c) : new Color(0xd62728));
          g.fillRect(Math.min(base, vx), y + 8, Math.max(2, Math.abs(vx - base)), rowHeight - 14);
          g.setColor(Color.BLACK);
          g.drawString(Format.number(value) + "  (goal " + symbol(goal) + ")", x1 + 6, y + 21);
        } else {
          g.setColor(Color.GRAY);
          g.drawString("not measured (goal " + symbol(goal) + ")", x1 + 6, y + 21);
        }
        int gx = x.applyAsInt(goal.target());
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(3));
        g.drawLine(gx, y + 4, gx, y + rowHeight - 2);
        g.setStroke(new BasicStroke(1));
      }
      g.setColor(Color.BLACK);
      g.drawLine(x0, axisBottom, x1, axisBottom);
    });
  }
}
