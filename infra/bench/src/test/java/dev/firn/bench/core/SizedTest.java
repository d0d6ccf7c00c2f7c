package dev.firn.bench.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SizedTest {
  private static final Sized<Integer> FILES = new Sized<>(200, 40);

  @Test
  void eachModeHasItsValue() {
    assertThat(FILES.of(false)).isEqualTo(200);
    assertThat(FILES.of(true)).isEqualTo(40);
    assertThat(new Sized<>(Duration.ofSeconds(5), Duration.ofSeconds(2)).of(true))
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aGivenValueWinsInEitherMode() {
    assertThat(FILES.or(7, false)).isEqualTo(7);
    assertThat(FILES.or(7, true)).isEqualTo(7);
    assertThat(FILES.or(null, false)).isEqualTo(200);
    assertThat(FILES.or(null, true)).isEqualTo(40);
  }
}
