package org.framewire.fuzz;

import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

/**
 * jqwik arbitraries for whole client-to-server conversations (SPEC.md §3 to §8), generated from a
 * model of the protocol's state: requests in flight, open streams and their settings and encodings,
 * begin and end flags, sender settings first. Valid conversations, and conversations valid up to
 * exactly one violation labelled with the requirement it breaks.
 *
 * <pre>{@code
 * static final ProtocolLimits LIMITS = ProtocolLimits.SPEC_DEFAULTS;
 *
 * @Property(tries = 200)
 * void myServerReportsTheLabelledRequirement(@ForAll("conversations") Conversation c) throws IOException {
 *   Transcript t = Oracle.run(new MyServerAdapter(), c);
 *   assertEquals(c.expected(), t.verdict().requirement(), () -> c + "\n" + t);
 * }
 *
 * @Provide
 * Arbitrary<Conversation> conversations() {
 *   return ConversationArbitraries.conversations(LIMITS);
 * }
 * }</pre>
 *
 * <p>Each conversation is built from a list of small integers, one per decision, which jqwik
 * shrinks: a failing conversation shrinks to fewer steps and first options, so the report shows the
 * shortest conversation that still fails. The same decisions can come from any {@link RandomSource}
 * through {@link #valid(ProtocolLimits, RandomSource)} and {@link #violating(ViolationKind,
 * ProtocolLimits, RandomSource)}, for example the bytes of a coverage-guided fuzzer.
 */
public final class ConversationArbitraries {

  /** Most decisions one conversation reads. */
  static final int MAX_CHOICES = 600;

  private ConversationArbitraries() {}

  /** Valid conversations for a receiver with {@code limits}. */
  public static Arbitrary<Conversation> valid(ProtocolLimits limits) {
    Objects.requireNonNull(limits, "limits");
    return choices().map(c -> valid(limits, new ChoiceSequence(c)));
  }

  /** Conversations with one violation, of every kind {@link ViolationKind#applicable} in equal measure. */
  public static Arbitrary<Conversation> violating(ProtocolLimits limits) {
    List<ViolationKind> kinds = java.util.Arrays.stream(ViolationKind.values()).filter(k -> k.applicable(limits)).toList();
    return Arbitraries.of(kinds).flatMap(kind -> violating(kind, limits));
  }

  /** Conversations with one violation of {@code kind}. */
  public static Arbitrary<Conversation> violating(ViolationKind kind, ProtocolLimits limits) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(limits, "limits");
    return Combinators.combine(choices(), choices())
        .as((prefix, violation) -> new ConversationBuilder(limits, new ChoiceSequence(prefix))
            .violating(kind, new ChoiceSequence(violation)));
  }

  /** Valid conversations and violating ones, one in three valid. */
  public static Arbitrary<Conversation> conversations(ProtocolLimits limits) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, valid(limits)),
        net.jqwik.api.Tuple.of(2, violating(limits)));
  }

  /** The valid conversation the decisions of {@code random} describe. */
  public static Conversation valid(ProtocolLimits limits, RandomSource random) {
    return new ConversationBuilder(limits, random).valid();
  }

  /** The conversation with one violation of {@code kind} the decisions of {@code random} describe. */
  public static Conversation violating(ViolationKind kind, ProtocolLimits limits, RandomSource random) {
    return new ConversationBuilder(limits, random).violating(kind, random);
  }

  /**
   * The bytes of valid conversations after one to four mutations by {@code mutator}: inputs near
   * the valid ones, where parsers break. Each comes with nothing to expect but that a receiver
   * reports a protocol error or accepts, and never fails otherwise.
   */
  public static Arbitrary<byte[]> mutated(ProtocolLimits limits, ByteMutator mutator) {
    Objects.requireNonNull(mutator, "mutator");
    return Combinators.combine(valid(limits), Arbitraries.longs())
        .as((c, seed) -> mutator.mutate(c.bytes(), c.bytes().length + 1024, seed, 4));
  }

  /**
   * Decision lists: values uniform over 0..65535 (jqwik's default bias towards small numbers would
   * skew every decision taken modulo its number of options), lengths uniform too (a list that runs
   * out early answers 0 to every later decision, so short lists alone would make the first option
   * of late decisions far too common).
   */
  private static Arbitrary<List<Integer>> choices() {
    return Arbitraries.integers().between(0, 0xFFFF).withDistribution(RandomDistribution.uniform())
        .withoutEdgeCases() // 0, 1, 2, 65534 and 65535 would favour their residues
        .list().ofMaxSize(MAX_CHOICES)
        .withSizeDistribution(RandomDistribution.uniform());
  }
}
