package dev.firn.maintenance.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  private static Instant at(String text) {
    return Instant.parse(text);
  }

  private static Instant next(String schedule, String after) {
    return CronSchedule.parse(schedule).next(at(after)).orElseThrow();
  }

  /** The first few fire times after an instant. */
  private static List<String> fires(String schedule, String after, int count) {
    CronSchedule cron = CronSchedule.parse(schedule);
    List<String> fires = new ArrayList<>();
    Instant time = at(after);
    for (int i = 0; i < count; i++) {
      time = cron.next(time).orElseThrow();
      fires.add(time.toString());
    }
    return fires;
  }

  @Test
  void shorthandsFireOnTheHourAtMidnightAndOnSunday() {
    assertThat(next("@hourly", "2026-03-04T10:15:30Z")).isEqualTo(at("2026-03-04T11:00:00Z"));
    assertThat(next("@daily", "2026-03-04T10:15:30Z")).isEqualTo(at("2026-03-05T00:00:00Z"));
    // 2026-03-04 is a Wednesday; the next Sunday is the 8th.
    assertThat(next("@weekly", "2026-03-04T10:15:30Z")).isEqualTo(at("2026-03-08T00:00:00Z"));
  }

  @Test
  void nextIsStrictlyAfterTheInstantEvenOnAFireTime() {
    assertThat(next("@hourly", "2026-03-04T10:00:00Z")).isEqualTo(at("2026-03-04T11:00:00Z"));
    assertThat(next("* * * * *", "2026-03-04T10:00:00Z")).isEqualTo(at("2026-03-04T10:01:00Z"));
    assertThat(next("* * * * *", "2026-03-04T10:00:59.999Z")).isEqualTo(at("2026-03-04T10:01:00Z"));
  }

  @Test
  void stepsRangesAndListsCombine() {
    assertThat(fires("*/20 * * * *", "2026-03-04T10:05:00Z", 4))
        .containsExactly(
            "2026-03-04T10:20:00Z",
            "2026-03-04T10:40:00Z",
            "2026-03-04T11:00:00Z",
            "2026-03-04T11:20:00Z");
    assertThat(fires("15,45 9-10 * * *", "2026-03-04T09:20:00Z", 4))
        .containsExactly(
            "2026-03-04T09:45:00Z",
            "2026-03-04T10:15:00Z",
            "2026-03-04T10:45:00Z",
            "2026-03-05T09:15:00Z");
    assertThat(fires("0 8-18/5 * * *", "2026-03-04T00:00:00Z", 4))
        .containsExactly(
            "2026-03-04T08:00:00Z",
            "2026-03-04T13:00:00Z",
            "2026-03-04T18:00:00Z",
            "2026-03-05T08:00:00Z");
    // A start with a step runs to the end of the range.
    assertThat(fires("50/5 * * * *", "2026-03-04T10:00:00Z", 3))
        .containsExactly("2026-03-04T10:50:00Z", "2026-03-04T10:55:00Z", "2026-03-04T11:50:00Z");
  }

  @Test
  void monthsAndYearEndRollOver() {
    assertThat(next("30 2 1 */3 *", "2026-11-15T00:00:00Z")).isEqualTo(at("2027-01-01T02:30:00Z"));
    assertThat(next("0 0 31 * *", "2026-04-01T00:00:00Z")).isEqualTo(at("2026-05-31T00:00:00Z"));
  }

  @Test
  void leapDayIsFoundYearsAhead() {
    assertThat(next("0 12 29 2 *", "2026-03-01T00:00:00Z")).isEqualTo(at("2028-02-29T12:00:00Z"));
  }

  @Test
  void aDayThatNeverComesNeverFires() {
    assertThat(CronSchedule.parse("0 0 30 2 *").next(at("2026-01-01T00:00:00Z"))).isEmpty();
  }

  @Test
  void dayOfWeekZeroAndSevenAreSunday() {
    assertThat(next("0 6 * * 7", "2026-03-04T00:00:00Z")).isEqualTo(at("2026-03-08T06:00:00Z"));
    assertThat(next("0 6 * * 0", "2026-03-04T00:00:00Z")).isEqualTo(at("2026-03-08T06:00:00Z"));
    // Monday to Friday from a Friday evening: next Monday.
    assertThat(next("0 6 * * 1-5", "2026-03-06T20:00:00Z")).isEqualTo(at("2026-03-09T06:00:00Z"));
  }

  @Test
  void restrictedDayOfMonthAndDayOfWeekFireOnEither() {
    // The 13th of the month, or any Friday: March 2026 has Friday the 6th before the 13th.
    assertThat(fires("0 0 13 * 5", "2026-03-01T00:00:00Z", 3))
        .containsExactly("2026-03-06T00:00:00Z", "2026-03-13T00:00:00Z", "2026-03-20T00:00:00Z");
    // With one day field a star, both must hold: Fridays that are in the first week.
    assertThat(next("0 0 */7 * 5", "2026-03-01T00:00:00Z")).isEqualTo(at("2026-05-01T00:00:00Z"));
  }

  @Test
  void firesBetweenIncludesTheEndAndExcludesTheStart() {
    CronSchedule daily = CronSchedule.parse("@daily");
    assertThat(daily.firesBetween(at("2026-03-04T00:00:00Z"), at("2026-03-04T23:59:59Z")))
        .isFalse();
    assertThat(daily.firesBetween(at("2026-03-04T00:00:00Z"), at("2026-03-05T00:00:00Z"))).isTrue();
  }

  @Test
  void valuesOutsideAFieldsRangeAreRefusedWithTheSchedule() {
    assertThatThrownBy(() -> CronSchedule.parse("60 * * * *"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid schedule: 60 * * * * (minute 60 must lie within 0-59 with a step of at least"
                + " 1)");
    assertThatThrownBy(() -> CronSchedule.parse("0 0 0 * *"))
        .hasMessageContaining("day of month 0 must lie within 1-31");
    assertThatThrownBy(() -> CronSchedule.parse("0 0 * 13 *")).hasMessageContaining("month 13");
    assertThatThrownBy(() -> CronSchedule.parse("*/0 * * * *"))
        .hasMessageContaining("step of at least 1");
    assertThatThrownBy(() -> CronSchedule.parse("5-1 * * * *")).hasMessageContaining("minute 5-1");
    assertThatThrownBy(() -> CronSchedule.parse("@monthly"))
        .hasMessageContaining("must be @hourly, @daily, @weekly or five cron fields");
    assertThatThrownBy(() -> CronSchedule.parse("a * * * *"))
        .hasMessageContaining("minute a is not a number");
  }
}
