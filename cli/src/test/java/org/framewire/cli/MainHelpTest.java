package org.framewire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@link Main} builds only the subcommand being run; its help, version and usage errors are those of
 * the whole command tree, invocation by invocation.
 */
class MainHelpTest {

  static Stream<List<String>> invocations() {
    List<List<String>> all = new ArrayList<>(List.of(
        List.of(), List.of("--help"), List.of("-h"), List.of("--version"), List.of("-V"), List.of("help"),
        List.of("help", "bogus"), List.of("bogus"), List.of("cal"), List.of("--bogus"),
        List.of("call"), List.of("call", "--bogus"), List.of("call", "--control", "--connect", "127.0.0.1:1"),
        List.of("call", "--connect", "127.0.0.1:1", "echo", "[1]"), List.of("check-client", "--bogus"),
        List.of("check", "--jobs", "x"), List.of("fuzz", "--seconds")));
    for (String name : Main.SUBCOMMANDS) {
      all.add(List.of(name, "--help"));
      all.add(List.of(name, "-h"));
      all.add(List.of("help", name));
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("invocations")
  void runsAsTheWholeTreeDoes(List<String> args) {
    String[] a = args.toArray(String[]::new);
    CliRun whole = CliRun.wholeTree(a);
    CliRun lazy = CliRun.of(a);
    assertEquals(whole.out(), lazy.out(), "stdout of framewire " + args);
    assertEquals(whole.err(), lazy.err(), "stderr of framewire " + args);
    assertEquals(whole.code(), lazy.code(), "exit code of framewire " + args);
    assertTrue(!whole.out().isEmpty() || !whole.err().isEmpty(), "framewire " + args + " printed nothing");
  }

  @Test
  void theTableNamesEverySubcommandByItsOwnName() {
    CommandLine whole = Main.commandLine(null);
    List<String> expected = new ArrayList<>(Main.SUBCOMMANDS);
    expected.add("help");
    assertEquals(expected, List.copyOf(whole.getSubcommands().keySet()));
    for (String name : Main.SUBCOMMANDS) {
      CommandLine sub = whole.getSubcommands().get(name);
      assertEquals(name, sub.getCommandSpec().userObject().getClass().getAnnotation(CommandLine.Command.class).name());
      CommandLine one = Main.commandLine(name);
      assertEquals(List.of(name), List.copyOf(one.getSubcommands().keySet()), "only " + name + " is built");
    }
  }
}
