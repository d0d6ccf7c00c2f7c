package dev.firn.maintenance.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A policy's schedule, read in UTC: {@code @hourly}, {@code @daily}, {@code @weekly}, or five cron
 * fields (minute, hour, day of month, month, day of week) each made of {@code *}, numbers, ranges
 * {@code a-b}, steps (a slash and a number after {@code *}, a range or a start) and comma lists.
 * Day of week 0 and 7 are Sunday. As in the classic cron, when both day fields are restricted a day
 * matching either one fires.
 */
public final class CronSchedule {
  /** How far ahead {@link #next} looks: leap days on a given month need up to eight years. */
  static final int SEARCH_YEARS = 10;

  private final String text;
  private final long minutes;
  private final long hours;
  private final long daysOfMonth;
  private final long months;
  private final long daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private CronSchedule(String text, String[] fields) {
    this.text = text;
    this.minutes = Field.MINUTE.read(text, fields[0]);
    this.hours = Field.HOUR.read(text, fields[1]);
    this.daysOfMonth = Field.DAY_OF_MONTH.read(text, fields[2]);
    this.months = Field.MONTH.read(text, fields[3]);
    long weekdays = Field.DAY_OF_WEEK.read(text, fields[4]);
    this.daysOfWeek = (weekdays & (1L << 7)) != 0 ? weekdays | 1L : weekdays;
    this.anyDayOfMonth = fields[2].startsWith("*");
    this.anyDayOfWeek = fields[4].startsWith("*");
  }

  /**
   * Reads a schedule.
   *
   * @throws IllegalArgumentException naming the schedule and what is wrong with it
   */
  public static CronSchedule parse(String text) {
    String value = text.trim();
    String expanded =
        switch (value) {
          case "@hourly" -> "0 * * * *";
          case "@daily" -> "0 0 * * *";
          case "@weekly" -> "0 0 * * 0";
          default -> value;
        };
    String[] fields = expanded.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException(
          "Invalid schedule: " + text + " (must be @hourly, @daily, @weekly or five cron fields)");
    }
    return new CronSchedule(value, fields);
  }

  /** The first time the schedule fires strictly after an instant, or none within ten years. */
  public Optional<Instant> next(Instant after) {
    LocalDateTime time =
        LocalDateTime.ofInstant(after, ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.MINUTES)
            .plusMinutes(1);
    LocalDateTime limit = time.plusYears(SEARCH_YEARS);
    while (time.isBefore(limit)) {
      if (!has(months, time.getMonthValue())) {
        time = time.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
      } else if (!dayMatches(time.toLocalDate())) {
        time = time.toLocalDate().plusDays(1).atStartOfDay();
      } else if (!has(hours, time.getHour())) {
        time = time.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!has(minutes, time.getMinute())) {
        time = time.plusMinutes(1);
      } else {
        return Optional.of(time.toInstant(ZoneOffset.UTC));
      }
    }
    return Optional.empty();
  }

  /** Whether the schedule fires after one instant and at or before another. */
  public boolean firesBetween(Instant after, Instant upTo) {
    return next(after).filter(fire -> !fire.isAfter(upTo)).isPresent();
  }

  @Override
  public String toString() {
    return text;
  }

  private boolean dayMatches(LocalDate date) {
    boolean dayOfMonth = has(daysOfMonth, date.getDayOfMonth());
    boolean dayOfWeek = has(daysOfWeek, date.getDayOfWeek().getValue() % 7);
    if (anyDayOfMonth || anyDayOfWeek) {
      return dayOfMonth && dayOfWeek;
    }
    return dayOfMonth || dayOfWeek;
  }

  private static boolean has(long mask, int value) {
    return (mask & (1L << value)) != 0;
  }

  /** One of the five fields, with its range. */
  private enum Field {
    MINUTE("minute", 0, 59),
    HOUR("hour", 0, 23),
    DAY_OF_MONTH("day of month", 1, 31),
    MONTH("month", 1, 12),
    DAY_OF_WEEK("day of week", 0, 7);

    private final String label;
    private final int min;
    private final int max;

    Field(String label, int min, int max) {
      this.label = label;
      this.min = min;
      this.max = max;
    }

    /** The values a field allows, one bit each. */
    long read(String schedule, String field) {
      long mask = 0;
      for (String part : field.split(",", -1)) {
        mask |= readPart(schedule, part);
      }
      return mask;
    }

    private long readPart(String schedule, String part) {
      int slash = part.indexOf('/');
      String range = slash < 0 ? part : part.substring(0, slash);
      int step = slash < 0 ? 1 : number(schedule, part.substring(slash + 1));
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.indexOf('-') > 0) {
        from = number(schedule, range.substring(0, range.indexOf('-')));
        to = number(schedule, range.substring(range.indexOf('-') + 1));
      } else {
        from = number(schedule, range);
        // "5/15" means from 5 to the end of the range in steps of 15.
        to = slash < 0 ? from : max;
      }
      if (from < min || to > max || from > to || step < 1) {
        throw new IllegalArgumentException(
            "Invalid schedule: "
                + schedule
                + " ("
                + label
                + " "
                + part
                + " must lie within "
                + min
                + "-"
                + max
                + " with a step of at least 1)");
      }
      long mask = 0;
      for (int value = from; value <= to; value += step) {
        mask |= 1L << value;
      }
      return mask;
    }

    private int number(String schedule, String text) {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Invalid schedule: " + schedule + " (" + label + " " + text + " is not a number)");
      }
    }
  }
}
