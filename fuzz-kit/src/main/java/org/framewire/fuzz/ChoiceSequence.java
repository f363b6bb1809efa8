package org.framewire.fuzz;

import java.util.List;

/**
 * A {@link RandomSource} over a list of integers that jqwik generates and shrinks: the conversation
 * model reads every decision from it, so that shrinking the list (fewer elements, smaller values)
 * shrinks the conversation (fewer steps, first options). Once the list is used up every decision is
 * 0, the first and simplest option.
 */
final class ChoiceSequence implements RandomSource {
  private final List<Integer> choices;
  private int position;

  ChoiceSequence(List<Integer> choices) {
    this.choices = List.copyOf(choices);
  }

  @Override
  public int nextInt(int bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound " + bound + " is below 1");
    }
    if (position >= choices.size()) {
      return 0;
    }
    return Math.floorMod(choices.get(position++), bound);
  }

  /** Whether every choice has been read. */
  boolean exhausted() {
    return position >= choices.size();
  }
}
