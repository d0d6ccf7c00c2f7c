package dev.firn.bench.core;

/**
 * The checks every harness's settings make when they are built, with messages that name the
 * setting, its value and what it must be.
 */
public final class SettingChecks {
  private SettingChecks() {}

  /** Throws IllegalArgumentException with {@code message} unless {@code valid}. */
  public static void check(boolean valid, String message) {
    if (!valid) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Checks that {@code value} of the setting {@code name} lies in {@code min..max}. */
  public static void within(String name, long value, long min, long max) {
    within(name, value, "", min, max);
  }

  /** As {@link #within(String, long, long, long)}, with the value's {@code unit}, such as MB. */
  public static void within(String name, long value, String unit, long min, long max) {
    String shown = unit.isEmpty() ? String.valueOf(value) : value + " " + unit;
    check(
        value >= min && value <= max,
        "Invalid " + name + ": " + shown + " (must be " + min + ".." + max + ")");
  }
}
