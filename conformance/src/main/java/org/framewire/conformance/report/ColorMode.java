package org.framewire.conformance.report;

/** Whether the terminal reporter colours grades ({@code --color auto|always|never}). */
public enum ColorMode {
  /** Colour when standard output is a terminal ({@code System.console() != null}) and {@code NO_COLOR} is unset. */
  AUTO,
  /** Always colour. */
  ALWAYS,
  /** Never colour. */
  NEVER;

  /** Whether to colour, deciding {@link #AUTO} from the JVM's console and the environment. */
  public boolean enabled() {
    return switch (this) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> System.console() != null && System.getenv("NO_COLOR") == null;
    };
  }
}
