package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * {@link FindingLock}: a jqwik property against a server with two deviations reports the one it
 * found first after shrinking, where a plain assertion lets jqwik's shrinker slide to the other.
 */
class FindingLockTest {

  /** Accepts CMD-1 violations (the one found first) and FRAME-4 violations (the one shrinking slides to). */
  static final ServerAdapter TWO_DEVIATIONS = new HidingAdapter(ConversationProperties.REFERENCE,
      Set.of(Requirement.byId("CMD-1"), Requirement.byId("FRAME-4")));

  @Example
  void locksTheFirstOutcomeAndPassesOthers() {
    FindingLock lock = new FindingLock();
    AssertionError first = assertThrows(AssertionError.class, () -> lock.fail("rejected CMD-1 | accepted", () -> "a"));
    assertTrue(first.getMessage().startsWith("rejected CMD-1 | accepted"));
    lock.fail("rejected FRAME-4 | accepted", () -> "b");
    assertThrows(AssertionError.class, () -> lock.fail("rejected CMD-1 | accepted", () -> "c"));
    assertEquals(Optional.of("rejected CMD-1 | accepted"), lock.outcome());
    assertEquals(List.of("rejected FRAME-4 | accepted"), lock.others());
  }

  @Example
  void twoKindsOfFindingsDoNotCollapseWhenLocked() {
    String locked = reportedFailure("locked");
    assertTrue(locked.startsWith("rejected CMD-1 | accepted"), locked);
    assertTrue(Shrinking.others.contains("rejected FRAME-4 | accepted"),
        "shrinking met the other finding and passed it by: " + Shrinking.others);
  }

  /** The broken variant: without the lock the same run reports the other finding. */
  @Example
  void withoutTheLockShrinkingSlidesToTheOtherFinding() {
    String plain = reportedFailure("plain");
    assertTrue(plain.startsWith("rejected FRAME-4 | accepted"), plain);
  }

  /** Runs one property of {@link Shrinking} with jqwik and returns its reported failure's message. */
  private static String reportedFailure(String method) {
    List<Throwable> failures = new ArrayList<>();
    Shrinking.enabled = true;
    try {
      Launcher launcher = LauncherFactory.create();
      launcher.execute(LauncherDiscoveryRequestBuilder.request()
          .selectors(selectMethod(Shrinking.class, method, Conversation.class.getName()))
          .configurationParameter("jqwik.database", "target/jqwik-finding-lock.database")
          .build(), new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
              result.getThrowable().ifPresent(failures::add);
            }
          });
    } finally {
      Shrinking.enabled = false;
    }
    assertEquals(1, failures.size(), () -> "one failure expected: " + failures);
    assertNotNull(failures.get(0).getMessage());
    return failures.get(0).getMessage();
  }

  /**
   * Properties run by {@link #reportedFailure} only (surefire skips nested classes, and {@code
   * enabled} keeps a direct run from failing). Conversations of CMD-1 violations come first almost
   * always; jqwik's shrinker tries the first option of the frequency, FRAME-4, on the way.
   */
  static class Shrinking {
    static volatile boolean enabled;
    static List<String> others = List.of();
    final FindingLock lock = new FindingLock();

    @Property(tries = 50, seed = "42")
    void locked(@ForAll("twoKinds") Conversation c) throws IOException {
      if (enabled) {
        try {
          lock.check(Oracle.compare(ConversationProperties.REFERENCE, TWO_DEVIATIONS, c));
        } finally {
          others = lock.others();
        }
      }
    }

    @Property(tries = 50, seed = "42")
    void plain(@ForAll("twoKinds") Conversation c) throws IOException {
      if (enabled) {
        Oracle.Comparison cmp = Oracle.compare(ConversationProperties.REFERENCE, TWO_DEVIATIONS, c);
        if (!cmp.agree()) {
          throw new AssertionError(cmp.outcome() + "\n" + cmp);
        }
      }
    }

    @Provide
    Arbitrary<Conversation> twoKinds() {
      ProtocolLimits limits = ProtocolLimits.SPEC_DEFAULTS;
      return Arbitraries.frequencyOf(
          Tuple.of(1, ConversationArbitraries.violating(ViolationKind.UNDEFINED_FRAME_FLAG, limits)),
          Tuple.of(1000, ConversationArbitraries.violating(ViolationKind.NOT_A_REQUEST_MAP, limits)));
    }
  }

  /** A server that hides its error-response frames naming one of {@code accepted}: it accepts those violations. */
  record HidingAdapter(ServerAdapter inner, Set<Requirement> accepted) implements ServerAdapter {
    @Override
    public String name() {
      return "hiding " + accepted;
    }

    @Override
    public ServerConnection connect() throws IOException {
      ServerConnection c = inner.connect();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      return new ServerConnection() {
        @Override
        public Output send(ByteBuffer bytes) throws IOException {
          Output out = c.send(bytes);
          all.writeBytes(out.bytes());
          return out.closed() ? new Output(hide(all.toByteArray()), true) : Output.NOTHING;
        }

        @Override
        public Output endInput() throws IOException {
          Output out = c.endInput();
          all.writeBytes(out.bytes());
          return new Output(hide(all.toByteArray()), out.closed());
        }

        @Override
        public void close() throws IOException {
          c.close();
        }
      };
    }

    /** The output up to the first protocol error-response naming a hidden requirement. */
    private byte[] hide(byte[] output) {
      int at = 0;
      while (at + FrameHeader.SIZE <= output.length) {
        int length = (output[at] & 0xFF) | (output[at + 1] & 0xFF) << 8 | (output[at + 2] & 0xFF) << 16;
        int end = Math.min(output.length, at + FrameHeader.SIZE + length);
        Frame f = decode(ByteBuffer.wrap(output, at, end - at));
        if (f != null && f.type() == FrameType.ERROR_RESPONSE
            && Verdict.of(List.of(f)).requirement().filter(accepted::contains).isPresent()) {
          return java.util.Arrays.copyOf(output, at);
        }
        at = end;
      }
      return output;
    }

    private static Frame decode(ByteBuffer bytes) {
      FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Options(FrameHeader.MAX_PAYLOAD_LENGTH, false));
      try {
        decoder.feed(bytes);
        return decoder.next();
      } catch (ProtocolException e) {
        return null;
      }
    }
  }
}
