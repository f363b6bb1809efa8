package org.framewire.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * One in-process run of the {@code framewire} CLI ({@link Main#run}) with stdin given and stdout and
 * stderr captured, for the command tests. Runs are serialised: they swap the JVM's standard streams.
 *
 * @param code the exit status
 * @param stdout what the run printed, as bytes
 * @param err what the run printed on stderr
 */
record CliRun(int code, byte[] stdout, String err) {

  /** Runs {@code framewire ARGS} with an empty stdin. */
  static CliRun of(String... args) {
    return withInput(new byte[0], args);
  }

  /** Runs {@code framewire COMMAND ARGS}. */
  static CliRun command(String command, String... args) {
    String[] full = new String[args.length + 1];
    full[0] = command;
    System.arraycopy(args, 0, full, 1, args.length);
    return of(full);
  }

  /** Runs {@code framewire ARGS} reading {@code stdin}. */
  static CliRun withInput(byte[] stdin, String... args) {
    return withRunner(stdin, Main::run, args);
  }

  /** Runs {@code framewire ARGS} with every subcommand built, whatever the first argument. */
  static CliRun wholeTree(String... args) {
    return withRunner(new byte[0], a -> Main.commandLine(null).execute(a), args);
  }

  private static synchronized CliRun withRunner(byte[] stdin, ToIntFunction<String[]> main, String... args) {
    InputStream oldIn = System.in;
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream(stdin));
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = main.applyAsInt(args);
      System.out.flush();
      return new CliRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setIn(oldIn);
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** Stdout as text, carriage returns dropped. */
  String out() {
    return new String(stdout, StandardCharsets.UTF_8).replace("\r", "");
  }

  /** Stdout's lines. */
  List<String> lines() {
    String out = out();
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }
}
