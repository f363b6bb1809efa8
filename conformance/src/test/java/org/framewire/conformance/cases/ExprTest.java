package org.framewire.conformance.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExprTest {
  private static final Map<String, Long> VARS = Map.of("maxOpenStreams", 32L, "i", 3L, "maxFrameSize", 65535L);

  @Test
  void precedenceParenthesesAndVariables() {
    assertEquals(7, Expr.eval("2 * i + 1", VARS));
    assertEquals(33, Expr.eval("limits.maxOpenStreams + 1", VARS));
    assertEquals(16, Expr.eval("1048576 / maxFrameSize", VARS));
    assertEquals(-8, Expr.eval("-(i + 1) * 2", VARS));
    assertEquals(1, Expr.eval("10 % i", VARS));
  }

  @Test
  void errorsNameTheExpression() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Expr.eval("maxOpenStream + 1", VARS));
    assertEquals("expression 'maxOpenStream + 1': undefined variable maxOpenStream at 13", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Expr.eval("1 / (i - 3)", VARS));
    assertThrows(IllegalArgumentException.class, () -> Expr.eval("(1 + 2", VARS));
    assertThrows(IllegalArgumentException.class, () -> Expr.eval("1 2", VARS));
  }
}
