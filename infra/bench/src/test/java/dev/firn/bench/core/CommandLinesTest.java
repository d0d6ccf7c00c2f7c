package dev.firn.bench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class CommandLinesTest {
  private static final Sized<Integer> FILES = new Sized<>(200, 40);

  @Command(name = "TestBenchmark", mixinStandardHelpOptions = true)
  static final class Options {
    @Mixin HarnessOptions harness = new HarnessOptions();
    @Mixin HarnessOptions.WarmUp warmUp = new HarnessOptions.WarmUp();
  }

  @Test
  void theSharedOptionsGiveEachModeItsDefaultsUnlessTheCommandLineGivesAValue() {
    Options full = CommandLines.parse(new Options());
    Options quick = CommandLines.parse(new Options(), "--quick", "--warm-up");
    Options given = CommandLines.parse(new Options(), "--quick", "--repetitions", "4");

    assertThat(full.harness.or(null, FILES)).isEqualTo(200);
    assertThat(full.harness.repetitions(3)).isEqualTo(3);
    assertThat(full.warmUp.asked).isFalse();
    assertThat(quick.harness.or(null, FILES)).isEqualTo(40);
    assertThat(quick.harness.or(7, FILES)).isEqualTo(7);
    assertThat(quick.harness.repetitions(3)).isEqualTo(HarnessOptions.REPETITIONS_QUICK);
    assertThat(quick.warmUp.asked).isTrue();
    assertThat(given.harness.repetitions(3)).isEqualTo(4);
  }

  @Test
  void helpAnywhereAsksForTheUsageEvenBesideAWrongOption() {
    assertThatThrownBy(() -> CommandLines.parse(new Options(), "--repetitions", "x", "--help"))
        .isInstanceOf(CommandLines.HelpAsked.class)
        .hasMessageStartingWith("Usage: TestBenchmark")
        .hasMessageContaining("--warm-up")
        .hasMessageContaining("--spark-module=DIR");
  }
}
