package org.framewire.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;
import javax.imageio.ImageIO;

/**
 * A grouped bar chart drawn with Java2D: categories along x, one bar per series in each category,
 * a linear or logarithmic y axis, the value above each bar, a legend. Missing values (NaN) get no
 * bar. Deterministic for given data, so plots regenerated from the same JSON are identical.
 */
final class BarChart {

  /** One series: its legend name, colour and one value per category (NaN for none). */
  record Series(String name, Color color, double[] values) {}

  static final Color BLUE = new Color(0x1f77b4);
  static final Color ORANGE = new Color(0xff7f0e);
  static final Color GRAY = new Color(0x7f7f7f);
  static final Color GREEN = new Color(0x2ca02c);

  private static final int LEFT = 90;
  private static final int RIGHT = 24;
  private static final int TOP = 64;
  private static final int BOTTOM = 56;

  private final String title;
  private final String yLabel;
  private final List<String> categories;
  private final List<Series> series;
  private final boolean log;
  private final DoubleFunction<String> valueLabel;

  BarChart(String title, String yLabel, List<String> categories, List<Series> series, boolean log,
      DoubleFunction<String> valueLabel) {
    for (Series s : series) {
      if (s.values().length != categories.size()) {
        throw new IllegalArgumentException(s.name() + " has " + s.values().length + " values for "
            + categories.size() + " categories");
      }
    }
    this.title = title;
    this.yLabel = yLabel;
    this.categories = List.copyOf(categories);
    this.series = List.copyOf(series);
    this.log = log;
    this.valueLabel = valueLabel;
  }

  /** Renders the chart and writes it as a PNG. */
  void write(Path png, int width, int height) throws IOException {
    ImageIO.write(render(width, height), "png", png.toFile());
  }

  BufferedImage render(int width, int height) {
    return canvas(width, height, g -> draw(g, width, height));
  }

  /**
   * A {@code width} x {@code height} image, white, with antialiased shapes and text, that {@code
   * draw} paints; every chart of the report is drawn on one.
   */
  static BufferedImage canvas(int width, int height, Consumer<Graphics2D> draw) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      draw.accept(g);
    } finally {
      g.dispose();
    }
    return img;
  }

  private void draw(Graphics2D g, int width, int height) {
    int x0 = LEFT;
    int x1 = width - RIGHT;
    int y0 = height - BOTTOM;
    int y1 = TOP;

    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
    centered(g, title, width / 2, 28);

    double[] range = range();
    Axis axis = new Axis(range[0], range[1], log, y0, y1);

    // grid and y ticks
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (double t : axis.ticks()) {
      int y = axis.y(t);
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(x0, y, x1, y);
      g.setColor(Color.DARK_GRAY);
      String label = Format.tick(t, log);
      g.drawString(label, x0 - 8 - g.getFontMetrics().stringWidth(label), y + 4);
    }
    g.setColor(Color.BLACK);
    g.drawLine(x0, y0, x1, y0);
    g.drawLine(x0, y0, x0, y1);

    // y label, rotated
    Graphics2D r = (Graphics2D) g.create();
    r.rotate(-Math.PI / 2);
    r.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    centered(r, yLabel + (log ? " (log scale)" : ""), -(y0 + y1) / 2, 20);
    r.dispose();

    // bars
    int groups = categories.size();
    double groupWidth = (double) (x1 - x0) / groups;
    double barWidth = groupWidth * 0.8 / series.size();
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int c = 0; c < groups; c++) {
      double gx = x0 + c * groupWidth + groupWidth * 0.1;
      for (int s = 0; s < series.size(); s++) {
        double v = series.get(s).values()[c];
        if (Double.isNaN(v) || (log && v <= 0)) {
          continue;
        }
        int bx = (int) Math.round(gx + s * barWidth);
        int bw = (int) Math.max(1, Math.round(barWidth) - 2);
        int by = axis.y(v);
        g.setColor(series.get(s).color());
        g.fillRect(bx, by, bw, y0 - by);
        g.setColor(Color.BLACK);
        centered(g, valueLabel.apply(v), bx + bw / 2, by - 4);
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      centered(g, categories.get(c), (int) Math.round(x0 + (c + 0.5) * groupWidth), y0 + 20);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    }

    // legend, under the title
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    FontMetrics fm = g.getFontMetrics();
    int total = 0;
    for (Series s : series) {
      total += 18 + fm.stringWidth(s.name()) + 20;
    }
    int lx = (width - total) / 2;
    for (Series s : series) {
      g.setColor(s.color());
      g.fillRect(lx, 42, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(s.name(), lx + 18, 53);
      lx += 18 + fm.stringWidth(s.name()) + 20;
    }
    g.setStroke(new BasicStroke(1));
  }

  /** Axis bounds: from 0 (linear) or a power of ten below the least value (log) to a bound above the largest. */
  private double[] range() {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (Series s : series) {
      for (double v : s.values()) {
        if (!Double.isNaN(v) && v > 0) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (max == 0) {
      return new double[] {log ? 1 : 0, log ? 10 : 1};
    }
    if (log) {
      return new double[] {Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max * 1.6)))};
    }
    return new double[] {0, Axis.niceCeil(max * 1.12)};
  }

  private static void centered(Graphics2D g, String s, int cx, int baseline) {
    g.drawString(s, cx - g.getFontMetrics().stringWidth(s) / 2, baseline);
  }

  /** Maps values to pixel rows. */
  private record Axis(double lo, double hi, boolean log, int yLo, int yHi) {

    int y(double v) {
      double f = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
      return (int) Math.round(yLo - f * (yLo - yHi));
    }

    List<Double> ticks() {
      List<Double> t = new ArrayList<>();
      if (log) {
        for (double p = lo; p <= hi * 1.0001; p *= 10) {
          t.add(p);
        }
        return t;
      }
      double step = niceStep(hi / 5);
      for (double v = 0; v <= hi * 1.0001; v += step) {
        t.add(v);
      }
      return t;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
      double p = Math.pow(10, Math.floor(Math.log10(raw)));
      for (double m : new double[] {1, 2, 5, 10}) {
        if (m * p >= raw) {
          return m * p;
        }
      }
      return 10 * p;
    }

    static double niceCeil(double v) {
      double step = niceStep(v / 5);
      return Math.ceil(v / step) * step;
    }
  }
}
