package org.framewire.conformance.cases;

import java.util.List;
import java.util.Set;

/**
 * The capabilities a case needs; a target whose capabilities file lacks one grades the case
 * not-applicable (docs/conformance/case-format.md).
 *
 * @param encodings encoding profiles the target must support, e.g. {@code zstd-8mb}
 * @param maxFrameSize the target's maximum frame size the case assumes (0: any)
 * @param interactive the case reads the target between sends (pauses, errors mid-script), so it
 *     cannot run over one HTTP exchange
 * @param transport {@code any}, or {@code http} / {@code stream} for transport-specific cases, or
 *     {@code tls} for a raw-transport target reached over TLS ({@code tls://}, SPEC.md §9.3)
 * @param limits the §10 limits the target must declare ({@link Capabilities}): the case's
 *     templates read them, e.g. to send one more stream than {@code maxOpenStreams}
 * @param commands the optional commands of SPEC.md Appendix A the target must declare, e.g.
 *     {@code say}: the case asks for them
 */
public record Needs(List<String> encodings, int maxFrameSize, boolean interactive, String transport,
    List<Limit> limits, List<String> commands) {

  private static final Set<String> TRANSPORTS = Set.of("any", "http", "stream", "tls");

  /** No needs. */
  public static final Needs NONE = new Needs(List.of(), 0, false, "any", List.of());

  /** Needs without optional commands. */
  public Needs(List<String> encodings, int maxFrameSize, boolean interactive, String transport, List<Limit> limits) {
    this(encodings, maxFrameSize, interactive, transport, limits, List.of());
  }

  public Needs {
    encodings = List.copyOf(encodings);
    limits = List.copyOf(limits);
    commands = List.copyOf(commands);
    for (String c : commands) {
      if (!Capabilities.OPTIONAL_COMMANDS.contains(c)) {
        throw new IllegalArgumentException("needs names " + c + ", not an optional command of SPEC.md Appendix A " + Capabilities.OPTIONAL_COMMANDS);
      }
    }
    if (!TRANSPORTS.contains(transport)) {
      throw new IllegalArgumentException("transport must be one of " + TRANSPORTS + ", not " + transport);
    }
  }
}
