package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.cli.CommandRuns.Run;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** How a failure ends the command: a bug with its stack trace, a user's mistake in one line. */
class FailureOutputTest {
  @Test
  void aBugsIllegalStateExceptionPrintsItsStackTraceAndExitsWithOne() {
    Run run = run(new Failing(new IllegalStateException("Lease lost twice")));

    assertThat(run.exit()).isEqualTo(ExitCode.INTERNAL);
    assertThat(run.err())
        .contains("java.lang.IllegalStateException: Lease lost twice")
        .contains("\tat ");
  }

  @Test
  void aUsersMistakeIsOneLineWithoutAStackTrace() {
    Run run = run(new Failing(new UsageException("Invalid parallelism: 0 (must be >= 1)")));

    assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).isEqualTo("firn: Invalid parallelism: 0 (must be >= 1)\n");
  }

  @Test
  void anArgumentALibraryRefusesIsAUsersMistakeToo() {
    Run run = run(new Failing(new IllegalArgumentException("Cannot parse filter: day ==")));

    assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).isEqualTo("firn: Cannot parse filter: day ==\n");
  }

  private static Run run(Failing command) {
    CommandLine line = Firn.commandLine();
    line.addSubcommand("failing", command);
    return CommandRuns.firn(line, "failing");
  }

  @Command(name = "failing")
  static final class Failing implements Callable<Integer> {
    private final RuntimeException failure;

    Failing(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() {
      throw failure;
    }
  }
}
