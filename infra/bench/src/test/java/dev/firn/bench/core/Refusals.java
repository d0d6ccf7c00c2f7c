package dev.firn.bench.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import org.assertj.core.api.AbstractThrowableAssert;

/** How the settings tests check that a command line is refused, and why. */
public final class Refusals {
  private Refusals() {}

  /**
   * Asserts that {@code parse} refuses {@code args} with an IllegalArgumentException whose message
   * starts with {@code message}; returns the assertion for further checks.
   */
  public static AbstractThrowableAssert<?, ? extends Throwable> refuses(
      Function<String[], ?> parse, String message, String... args) {
    return assertThatThrownBy(() -> parse.apply(args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
