package dev.firn.maintenance.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SchedulerConfigTest {
  @Test
  void defaultsAreStable() {
    SchedulerConfig config = SchedulerConfig.defaults("lake");
    assertThat(config.catalogName()).isEqualTo("lake");
    assertThat(config.tickInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.parallelism()).isEqualTo(2);
    assertThat(config.leaseDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.retryDelay()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.retryDelayMax()).isEqualTo(Duration.ofHours(6));
    assertThat(config.maxAttempts()).isEqualTo(5);
    assertThat(config.node()).matches(".+-[0-9a-f]{8}");
    assertThat(SchedulerConfig.defaults("lake").node())
        .as("each scheduler is a node of its own unless told")
        .isNotEqualTo(config.node());
  }

  @Test
  void theRetryDelayDoublesWithEachAttemptUpToTheMaximum() {
    SchedulerConfig config = SchedulerConfig.defaults("lake");
    assertThat(IntStream.rangeClosed(1, 9).mapToObj(config::retryDelay).map(Duration::toMinutes))
        .containsExactly(5L, 10L, 20L, 40L, 80L, 160L, 320L, 360L, 360L);
    assertThat(config.retryDelay(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void invalidSettingsAreRefusedWithTheValue() {
    assertThatThrownBy(() -> SchedulerConfig.builder("lake").parallelism(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid scheduler parallelism: 0 (must be >= 1)");
    assertThatThrownBy(
            () ->
                SchedulerConfig.builder("lake")
                    .leaseDuration(Duration.ofMinutes(1))
                    .heartbeatInterval(Duration.ofSeconds(45))
                    .build())
        .hasMessage(
            "Invalid scheduler heartbeat interval: PT45S (must be positive and at most half the"
                + " lease duration PT1M)");
    assertThatThrownBy(() -> SchedulerConfig.builder("lake").tickInterval(Duration.ZERO).build())
        .hasMessage("Invalid scheduler tick interval: PT0S (must be positive)");
    assertThatThrownBy(
            () ->
                SchedulerConfig.builder("lake")
                    .retryDelay(Duration.ofHours(1), Duration.ofMinutes(1))
                    .build())
        .hasMessageContaining("retry delay max: PT1M (must be >= the retry delay PT1H)");
    assertThatThrownBy(() -> SchedulerConfig.builder(" ").build())
        .hasMessageContaining("catalog name");
    assertThatThrownBy(() -> SchedulerConfig.builder("lake").maxAttempts(0).build())
        .hasMessageContaining("max attempts: 0");
  }
}
