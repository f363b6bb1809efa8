package org.framewire.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameHeader;
import org.framewire.spec.ProtocolException;

/**
 * Runs client input against servers and compares what they make of it: with a {@link
 * Conversation}'s label (SPEC.md says what must happen), and with framewire's reference session
 * (what framewire does).
 *
 * <pre>{@code
 * ServerAdapter mine = new MyServerAdapter();
 * ServerAdapter reference = ReferenceServerAdapter.forLimits(limits);
 *
 * @Property
 * void sameVerdictAsTheSpec(@ForAll("conversations") Conversation c) throws IOException {
 *   Transcript t = Oracle.run(mine, c);
 *   assertEquals(c.expected(), t.verdict().requirement(), () -> c + "\n" + t);
 * }
 * }</pre>
 */
public final class Oracle {

  private Oracle() {}

  /** {@link #run(ServerAdapter, byte[], List)} with the conversation's bytes in one piece. */
  public static Transcript run(ServerAdapter server, Conversation conversation) throws IOException {
    return run(server, conversation.bytes(), List.of());
  }

  /** {@link #run(ServerAdapter, byte[], List)} with the conversation's bytes cut at {@code cuts}. */
  public static Transcript run(ServerAdapter server, Conversation conversation, List<Integer> cuts)
      throws IOException {
    return run(server, conversation.bytes(), cuts);
  }

  /**
   * Opens a session, sends {@code clientBytes} in the pieces {@code cuts} makes (see {@link
   * Chunking#split}), stopping early if the server closes, then ends the client's input and
   * collects the rest of the output.
   */
  public static Transcript run(ServerAdapter server, byte[] clientBytes, List<Integer> cuts) throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    boolean closed = false;
    try (ServerConnection connection = server.connect()) {
      for (ByteBuffer chunk : Chunking.split(clientBytes, cuts)) {
        ServerConnection.Output out = connection.send(chunk);
        output.writeBytes(out.bytes());
        if (out.closed()) {
          closed = true;
          break;
        }
      }
      if (!closed) {
        ServerConnection.Output out = connection.endInput();
        output.writeBytes(out.bytes());
        closed = out.closed();
      }
    }
    byte[] bytes = output.toByteArray();
    List<Frame> frames = new ArrayList<>();
    boolean wellFramed = decodeServerFrames(bytes, frames);
    return new Transcript(server.name(), bytes, frames, wellFramed, closed, Verdict.of(frames));
  }

  /**
   * Runs {@code conversation} against both servers, each fed the same pieces.
   *
   * @return the two transcripts and whether they agree
   */
  public static Comparison compare(ServerAdapter reference, ServerAdapter candidate, Conversation conversation,
      List<Integer> cuts) throws IOException {
    return new Comparison(conversation, run(reference, conversation, cuts), run(candidate, conversation, cuts));
  }

  /** {@link #compare(ServerAdapter, ServerAdapter, Conversation, List)} with the bytes in one piece. */
  public static Comparison compare(ServerAdapter reference, ServerAdapter candidate, Conversation conversation)
      throws IOException {
    return compare(reference, candidate, conversation, List.of());
  }

  /**
   * Runs raw client bytes — a mutated conversation, a coverage-guided fuzzer's input, a saved
   * finding — against both servers, each fed the same pieces. The comparison has no conversation,
   * so no label: {@link Comparison#agree()} is its question.
   */
  public static Comparison compare(ServerAdapter reference, ServerAdapter candidate, byte[] clientBytes,
      List<Integer> cuts) throws IOException {
    return new Comparison(null, run(reference, clientBytes, cuts), run(candidate, clientBytes, cuts));
  }

  /**
   * Two servers' transcripts of one conversation.
   *
   * @param conversation what was sent; {@code null} when raw bytes were compared
   * @param reference the reference server's transcript
   * @param candidate the candidate server's transcript
   */
  public record Comparison(Conversation conversation, Transcript reference, Transcript candidate) {

    /** Whether both servers accepted, or both rejected naming the same requirement. */
    public boolean agree() {
      return reference.verdict().rejected() == candidate.verdict().rejected()
          && reference.verdict().requirement().equals(candidate.verdict().requirement());
    }

    /**
     * What kind of disagreement this is, {@code REFERENCE | CANDIDATE} in verdict classes ({@link
     * Verdict#verdictClass()}), for example {@code rejected FRAME-7 | accepted}: the part of a
     * finding's signature that shrinking must keep (see {@link FindingLock}).
     */
    public String outcome() {
      return reference.verdict().verdictClass() + " | " + candidate.verdict().verdictClass();
    }

    /** Whether the candidate's verdict is the one the conversation's label demands. */
    public boolean candidateMatchesLabel() {
      if (conversation == null) {
        throw new IllegalStateException("raw bytes were compared: there is no label");
      }
      return conversation.expected().isPresent() == candidate.verdict().rejected()
          && conversation.expected().equals(candidate.verdict().requirement());
    }

    @Override
    public String toString() {
      return (agree() ? "agree" : "DISAGREE") + " on\n" + (conversation == null ? "(raw bytes)" : conversation) + "\n  " + reference + "\n  " + candidate;
    }
  }

  /**
   * Decodes a server's bytes into {@code frames} (every whole frame, in order); false when they are
   * not a clean frame sequence. Shared with the fuzzer's runners, which grade raw output the same way.
   */
  public static boolean decodeServerFrames(byte[] bytes, List<Frame> frames) {
    FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Options(FrameHeader.MAX_PAYLOAD_LENGTH, false));
    try {
      decoder.feed(ByteBuffer.wrap(bytes));
      for (Frame f; (f = decoder.next()) != null; ) {
        frames.add(f);
      }
      decoder.endOfInput();
      return true;
    } catch (ProtocolException e) {
      return false;
    }
  }
}
