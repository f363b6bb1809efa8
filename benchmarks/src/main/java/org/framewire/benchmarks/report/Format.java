package org.framewire.benchmarks.report;

import java.util.Locale;

/** Number formatting shared by the table and the plots: a few significant digits, SI suffixes for rates. */
final class Format {

  private Format() {}

  /** {@code 1.0}, {@code 0.93}, {@code 31.4}, {@code 120}: three significant digits at most, no exponent. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a == 0) {
      return "0";
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 0.01) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.2g", v);
  }

  /** An axis tick: {@code 0.1}, {@code 1}, {@code 10 M}: no trailing zeros, SI suffixes when {@code si}. */
  static String tick(double v, boolean si) {
    String[] suffixes = {"", " k", " M", " G"};
    int i = 0;
    while (si && Math.abs(v) >= 1000 && i < suffixes.length - 1) {
      v /= 1000;
      i++;
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString()
        + suffixes[i];
  }

  /** {@code 12.3 M}, {@code 950 k}, {@code 42}: a rate with an SI suffix. */
  static String si(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a >= 1e9) {
      return number(v / 1e9) + " G";
    }
    if (a >= 1e6) {
      return number(v / 1e6) + " M";
    }
    if (a >= 1e3) {
      return number(v / 1e3) + " k";
    }
    return number(v);
  }
}
