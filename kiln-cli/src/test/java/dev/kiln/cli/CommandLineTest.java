package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class CommandLineTest {
  @Test
  void helpListsTheCommands() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("quickstart", "data");
  }

  @Test
  void unknownOptionIsOneLineWithAHintAndExitTwo() {
    CliRun run = CliRun.of("data", "profile", "x.csv", "--bogus");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("kiln: error: Unknown option: '--bogus'");
    assertThat(run.err()).contains("(see 'kiln data profile --help')");
    assertThat(run.err().lines().count()).isEqualTo(1);
  }

  @Test
  void aCommandLineBuildsOnlyTheSubcommandItNames() {
    assertThat(Main.commandLine("serve", "--bundle", "b.kiln").getSubcommands().keySet())
        .containsExactly("serve");
    assertThat(Main.commandLine("--verbose", "data", "profile", "x.csv").getSubcommands().keySet())
        .containsExactly("data");
    assertThat(Main.commandLine("data").getSubcommands().get("data").getSubcommands())
        .containsKeys("profile");
    for (String[] whole :
        List.of(
            new String[] {},
            new String[] {"--help"},
            new String[] {"help", "train"},
            new String[] {"frobnicate"})) {
      assertThat(Main.commandLine(whole).getSubcommands().keySet())
          .as(String.join(" ", whole))
          .containsExactlyElementsOf(KilnCommand.SUBCOMMANDS.keySet());
    }
  }

  @Test
  void everySubcommandIsListedUnderItsOwnName() {
    Main.commandLine()
        .getSubcommands()
        .forEach(
            (name, sub) ->
                assertThat(
                        new CommandLine(KilnCommand.SUBCOMMANDS.get(name).get()).getCommandName())
                    .isEqualTo(name));
  }

  @Test
  void aSingleSubcommandTreeStillRunsAndFailsAsTheWholeOne() {
    assertThat(Main.run("--verbose", "data", "profile", "/no/such/file.csv")).isEqualTo(2);
    assertThat(Main.run("frobnicate")).isEqualTo(2);
    assertThat(Main.run("--version")).isZero();
  }

  @Test
  void unknownCommandExitsTwo() {
    CliRun run = CliRun.of("frobnicate");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("frobnicate");
  }

  @Test
  void userErrorIsOneLineWithoutStackTrace() {
    CliRun run = CliRun.of("data", "profile", "/no/such/file.csv");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("kiln: error: file not found: /no/such/file.csv");
  }

  @Test
  void verboseAddsTheStackTrace() {
    CliRun run = CliRun.of("--verbose", "data", "profile", "/no/such/file.csv");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("kiln: error: file not found").contains("\tat dev.kiln.");
  }

  @Test
  void everyOptionWithADefaultShowsItInItsHelp() {
    List<String> missing = new ArrayList<>();
    visit(Main.commandLine(), missing);
    assertThat(missing).as("options whose help does not show their default").isEmpty();
  }

  private static void visit(CommandLine cmd, List<String> missing) {
    for (OptionSpec o : cmd.getCommandSpec().options()) {
      if (o.defaultValue() != null
          && !String.join(" ", o.description()).contains("default: " + o.defaultValue())) {
        missing.add(cmd.getCommandSpec().qualifiedName() + " " + o.longestName());
      }
    }
    cmd.getSubcommands().values().forEach(sub -> visit(sub, missing));
  }

  @Test
  void everyCommandHasHelp() {
    List<String> without = new ArrayList<>();
    checkHelp(Main.commandLine(), without);
    assertThat(without).isEmpty();
  }

  private static void checkHelp(CommandLine cmd, List<String> without) {
    String name = cmd.getCommandSpec().qualifiedName();
    if (!name.endsWith("help") && cmd.getCommandSpec().optionsMap().get("--help") == null) {
      without.add(name);
    }
    cmd.getSubcommands().values().forEach(sub -> checkHelp(sub, without));
  }
}
