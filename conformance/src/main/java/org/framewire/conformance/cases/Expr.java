package org.framewire.conformance.cases;

import java.util.Map;

/**
 * The integer expressions of case templates (docs/conformance/case-format.md, "Templates"):
 * decimal numbers, variables (a declared limit such as {@code maxRequestsInFlight}, optionally
 * written {@code limits.maxRequestsInFlight}; {@code maxFrameSize}; a {@code repeat}'s index
 * {@code i}), {@code + - * / %} with the usual precedence, unary minus and parentheses. Division
 * truncates. A variable that is not defined is an error.
 */
public final class Expr {
  private final String text;
  private final Map<String, Long> vars;
  private int at;

  private Expr(String text, Map<String, Long> vars) {
    this.text = text;
    this.vars = vars;
  }

  /** Evaluates {@code text} with {@code vars}. */
  public static long eval(String text, Map<String, Long> vars) {
    Expr e = new Expr(text, vars);
    long v = e.sum();
    e.skipSpaces();
    if (e.at != text.length()) {
      throw e.error("unexpected '" + text.charAt(e.at) + "'");
    }
    return v;
  }

  private long sum() {
    long v = product();
    for (char c; (c = peek()) == '+' || c == '-'; ) {
      at++;
      long r = product();
      v = c == '+' ? Math.addExact(v, r) : Math.subtractExact(v, r);
    }
    return v;
  }

  private long product() {
    long v = unary();
    for (char c; (c = peek()) == '*' || c == '/' || c == '%'; ) {
      at++;
      long r = unary();
      if (c != '*' && r == 0) {
        throw error("division by zero");
      }
      v = c == '*' ? Math.multiplyExact(v, r) : c == '/' ? v / r : v % r;
    }
    return v;
  }

  private long unary() {
    char c = peek();
    if (c == '-') {
      at++;
      return -unary();
    }
    if (c == '(') {
      at++;
      long v = sum();
      if (peek() != ')') {
        throw error("missing ')'");
      }
      at++;
      return v;
    }
    int start = at;
    if (Character.isDigit(c)) {
      while (at < text.length() && Character.isDigit(text.charAt(at))) {
        at++;
      }
      return Long.parseLong(text.substring(start, at));
    }
    while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
      at++;
    }
    String name = text.substring(start, at);
    if (name.isEmpty()) {
      throw error(at < text.length() ? "unexpected '" + text.charAt(at) + "'" : "unexpected end");
    }
    Long v = vars.get(name.startsWith("limits.") ? name.substring(7) : name);
    if (v == null) {
      throw error("undefined variable " + name);
    }
    return v;
  }

  private char peek() {
    skipSpaces();
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private void skipSpaces() {
    while (at < text.length() && text.charAt(at) == ' ') {
      at++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("expression '" + text + "': " + what + " at " + at);
  }
}
