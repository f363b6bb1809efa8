package org.framewire.streams.encoding;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable registry of encoding profiles keyed by wire name and ordered by preference, most
 * preferred first (SPEC.md §4.2, §8.2).
 *
 * <p>{@link #defaults()} holds the built-ins in Mercurial's order: {@code zstd-8mb}, {@code zlib},
 * {@code identity}. User profiles join through {@link #with(EncodingProfile)} (least preferred
 * position) or {@link #withPreferred(EncodingProfile)} (most preferred); {@link
 * #of(EncodingProfile...)} builds a registry from scratch. A receiver resolves stream-settings
 * names with {@link #find(String)}; a sender picks its encoding with {@link #choose(Collection)}
 * ({@code SET-3}). Instances are thread-safe and shareable across connections.
 */
public final class EncodingProfiles {

  /** The {@code identity} profile. */
  public static final EncodingProfile IDENTITY = IdentityProfile.INSTANCE;
  /** The {@code zlib} profile at zlib's default level. */
  public static final EncodingProfile ZLIB = ZlibProfile.DEFAULT;
  /** The {@code zstd-8mb} profile at level 3 with a 2 MiB encoder window. */
  public static final EncodingProfile ZSTD_8MB = ZstdProfile.DEFAULT;

  private static final EncodingProfiles DEFAULTS = of(ZSTD_8MB, ZLIB, IDENTITY);

  private final List<EncodingProfile> ordered;
  private final Map<String, EncodingProfile> byName;

  private EncodingProfiles(List<EncodingProfile> ordered) {
    Map<String, EncodingProfile> m = new LinkedHashMap<>();
    for (EncodingProfile p : ordered) {
      String name = checkName(p.name());
      if (m.putIfAbsent(name, p) != null) {
        throw new IllegalArgumentException("two profiles named " + name);
      }
    }
    this.ordered = List.copyOf(ordered);
    this.byName = Collections.unmodifiableMap(m);
  }

  /** The built-in profiles, most preferred first: {@code zstd-8mb}, {@code zlib}, {@code identity}. */
  public static EncodingProfiles defaults() {
    return DEFAULTS;
  }

  /** A registry of exactly these profiles, most preferred first. Names must be distinct. */
  public static EncodingProfiles of(EncodingProfile... inPreferenceOrder) {
    return new EncodingProfiles(List.of(inPreferenceOrder));
  }

  /** This registry plus {@code profile}, least preferred. */
  public EncodingProfiles with(EncodingProfile profile) {
    List<EncodingProfile> l = new ArrayList<>(ordered);
    l.add(profile);
    return new EncodingProfiles(l);
  }

  /** This registry plus {@code profile}, most preferred. */
  public EncodingProfiles withPreferred(EncodingProfile profile) {
    List<EncodingProfile> l = new ArrayList<>(ordered.size() + 1);
    l.add(profile);
    l.addAll(ordered);
    return new EncodingProfiles(l);
  }

  /** The profiles, most preferred first. */
  public List<EncodingProfile> inPreferenceOrder() {
    return ordered;
  }

  /** The profile names, most preferred first: what a client lists in {@code contentencodings}. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** The profile with this wire name. */
  public Optional<EncodingProfile> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The profile this side prefers most among those the peer accepts ({@code SET-3}): a server's
   * choice for its output streams given the client's {@code contentencodings} list. Empty when
   * there is no common profile.
   */
  public Optional<EncodingProfile> choose(Collection<String> peerAccepts) {
    for (EncodingProfile p : ordered) {
      if (peerAccepts.contains(p.name())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("profile name is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException("profile name " + name + " is not printable ASCII");
      }
    }
    return name;
  }

  @Override
  public String toString() {
    return "EncodingProfiles" + names();
  }
}
