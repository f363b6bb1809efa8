package org.framewire.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code framewire} command-line tool. */
@Command(
    name = "framewire",
    mixinStandardHelpOptions = true,
    version = "framewire 0.1.0",
    description = "Reference implementation, vectors and conformance tooling of the framewire frame protocol.",
    subcommands = {
      VectorsCommand.class,
      CheckCommand.class,
      DecodeCommand.class,
      EncodeCommand.class,
      ServeCommand.class,
      LoadCommand.class,
      CallCommand.class,
      CheckClientCommand.class,
      BenchCommand.class,
      FuzzCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the tool and returns its exit code, for tests. */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
