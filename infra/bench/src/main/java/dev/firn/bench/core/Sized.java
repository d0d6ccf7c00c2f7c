package dev.firn.bench.core;

/**
 * A setting's default in each mode of a harness: one value for the full run, one for {@code
 * --quick}.
 *
 * @param full the value of the full run
 * @param quick the value of {@code --quick}
 */
public record Sized<T>(T full, T quick) {
  /** The value of the mode: {@link #quick} when {@code quickMode}, else {@link #full}. */
  public T of(boolean quickMode) {
    return quickMode ? quick : full;
  }

  /** {@code given} when the command line gives it, or the value of the mode. */
  public T or(T given, boolean quickMode) {
    return given != null ? given : of(quickMode);
  }
}
