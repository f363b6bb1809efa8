package org.framewire.conformance.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Zeller's ddmin over a list: removes ever smaller runs of elements while the input still fails,
 * until no single element can go. The result fails, is a sublist (in order) of the input, and is
 * 1-minimal: removing any one element makes it pass.
 */
public final class DeltaDebugger {

  private DeltaDebugger() {}

  /**
   * A smallest-found sublist of {@code input} that still satisfies {@code fails}.
   *
   * @param input a list that fails
   * @param fails the test; called with candidate sublists only
   */
  public static <T> List<T> minimize(List<T> input, Predicate<List<T>> fails) {
    List<T> current = List.copyOf(input);
    int n = 2;
    while (current.size() >= 2 || (current.size() == 1 && n <= 2)) {
      int chunk = (current.size() + n - 1) / n;
      boolean reduced = false;
      for (int start = 0; start < current.size(); start += chunk) {
        List<T> candidate = new ArrayList<>(current.subList(0, start));
        candidate.addAll(current.subList(Math.min(current.size(), start + chunk), current.size()));
        if (candidate.size() < current.size() && fails.test(candidate)) {
          current = List.copyOf(candidate);
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
      if (!reduced) {
        if (n >= current.size()) {
          break;
        }
        n = Math.min(current.size(), n * 2);
      }
    }
    return current;
  }
}
