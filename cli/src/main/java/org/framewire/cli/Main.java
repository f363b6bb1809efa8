package org.framewire.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code framewire} command-line tool.
 *
 * <p>Building a picocli command reads its class's annotations by reflection, so building every
 * subcommand costs a short-lived run (a conformance adapter, {@code framewire call --control}, is
 * started once per case) more than its own work. When the first argument names a subcommand, only
 * that subcommand is built: nothing before a subcommand's name can be anything but the parent's
 * {@code -h}/{@code -V}, and after it only that subcommand parses, so the run is the same. Any other
 * first argument (none, an option, {@code help}, an unknown or abbreviated name, an {@code @file})
 * builds the whole tree, as the usage, {@code help COMMAND} and "Did you mean" need it.
 * {@code MainHelpTest} compares both builds' output.
 */
@Command(
    name = "framewire",
    mixinStandardHelpOptions = true,
    version = "framewire 0.1.0",
    description = "Reference implementation, vectors and conformance tooling of the framewire frame protocol.")
public final class Main implements Runnable {
  /** The subcommands' names, in the order the usage lists them ({@code help} last, added apart). */
  static final List<String> SUBCOMMANDS =
      List.of("vectors", "check", "decode", "encode", "serve", "load", "call", "check-client", "bench", "fuzz");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the tool and returns its exit code, for tests. */
  public static int run(String... args) {
    return commandLine(args.length > 0 && SUBCOMMANDS.contains(args[0]) ? args[0] : null).execute(args);
  }

  /**
   * The command tree: with {@code only} null, every subcommand and {@code help}; otherwise the
   * parent with the one subcommand {@code only}.
   */
  static CommandLine commandLine(String only) {
    CommandLine line = new CommandLine(new Main());
    if (only != null) {
      line.addSubcommand(only, subcommand(only));
      return line;
    }
    for (String name : SUBCOMMANDS) {
      line.addSubcommand(name, subcommand(name));
    }
    return line.addSubcommand("help", CommandLine.HelpCommand.class);
  }

  /** The class of the subcommand {@code name}; a switch, so that only that class is loaded. */
  private static Class<?> subcommand(String name) {
    return switch (name) {
      case "vectors" -> VectorsCommand.class;
      case "check" -> CheckCommand.class;
      case "decode" -> DecodeCommand.class;
      case "encode" -> EncodeCommand.class;
      case "serve" -> ServeCommand.class;
      case "load" -> LoadCommand.class;
      case "call" -> CallCommand.class;
      case "check-client" -> CheckClientCommand.class;
      case "bench" -> BenchCommand.class;
      case "fuzz" -> FuzzCommand.class;
      default -> throw new IllegalArgumentException("no subcommand " + name);
    };
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
