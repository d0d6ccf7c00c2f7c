package dev.firn.maintenance.policy;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the value kinds policies use: durations, byte sizes, whole numbers, flags, schedules. */
final class PolicyValues {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(d|h|m|s)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb|tb)?");

  private PolicyValues() {}

  /**
   * {@code 3d}, {@code 24h}, {@code 90m}, {@code 30s}, or ISO-8601 ({@code P3D}, {@code PT24H}).
   */
  static Duration duration(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT_DURATION.matcher(value);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "d" -> Duration.ofDays(amount);
        case "h" -> Duration.ofHours(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofSeconds(amount);
      };
    }
    return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
  }

  /** Plain bytes, or with a unit: {@code 128MB}, {@code 1GB} (units of 1024). */
  static long bytes(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    int shift =
        switch (unit) {
          case "kb" -> 10;
          case "mb" -> 20;
          case "gb" -> 30;
          case "tb" -> 40;
          default -> 0;
        };
    return Math.multiplyExact(amount, 1L << shift);
  }

  static int wholeNumber(String text) {
    return Integer.parseInt(text.trim());
  }

  static boolean flag(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException("not true or false");
    }
    return Boolean.parseBoolean(value);
  }

  /** {@code @hourly}, {@code @daily}, {@code @weekly}, or five cron fields in range. */
  static String schedule(String text) {
    String value = text.trim();
    CronSchedule.parse(value);
    return value;
  }

  /** A duration as people write it: {@code 3d}, {@code 24h}, {@code 36h}, {@code 90m}. */
  static String describe(Duration duration) {
    if (duration.toSeconds() % 86_400 == 0 && duration.toDays() > 1) {
      return duration.toDays() + "d";
    }
    if (duration.toSeconds() % 3_600 == 0) {
      return duration.toHours() + "h";
    }
    if (duration.toSeconds() % 60 == 0) {
      return duration.toMinutes() + "m";
    }
    return duration.toSeconds() + "s";
  }

  /** A size as people write it: {@code 128MB}. */
  static String describe(long bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    int unit = 0;
    long value = bytes;
    while (unit < units.length - 1 && value % 1024 == 0 && value >= 1024) {
      value /= 1024;
      unit++;
    }
    return value + units[unit];
  }
}
