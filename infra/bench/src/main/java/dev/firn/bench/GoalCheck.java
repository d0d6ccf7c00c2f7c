package dev.firn.bench;

import dev.firn.bench.core.Markdown;
import java.util.Locale;

/**
 * A goal checked against one table's figures.
 *
 * @param goal the goal
 * @param table the title of the table it was checked against
 * @param measured the ratio (for ratio goals) or Firn's median, NaN when it was not measured
 */
record GoalCheck(Goal goal, String table, double measured) {

  boolean measuredAtAll() {
    return Double.isFinite(measured);
  }

  boolean met() {
    if (!measuredAtAll()) {
      return false;
    }
    return switch (goal.bound()) {
      case RATIO_AT_LEAST -> measured >= goal.target();
      case RATIO_AT_MOST -> measured <= goal.target();
      case FIRN_BELOW -> measured < goal.target();
    };
  }

  /**
   * How far off the goal the figure is, as a factor of at least 1: what Firn's figure would have to
   * be multiplied (for an "at least" goal) or divided (for the others) by to just meet it. 1 when
   * the goal is met, NaN when nothing was measured.
   */
  double missFactor() {
    if (!measuredAtAll()) {
      return Double.NaN;
    }
    if (met()) {
      return 1;
    }
    return goal.bound() == Goal.Bound.RATIO_AT_LEAST
        ? goal.target() / measured
        : measured / goal.target();
  }

  /** The measured value as the document shows it. */
  String describeMeasured() {
    if (!measuredAtAll()) {
      return "not measured";
    }
    return goal.bound() == Goal.Bound.FIRN_BELOW
        ? Markdown.number(measured) + goal.unit()
        : Goal.times(measured);
  }

  /** Met or missed, and by how much, in words. */
  String verdict() {
    if (!measuredAtAll()) {
      return "not measured";
    }
    if (met()) {
      return "met";
    }
    double factor = missFactor();
    return switch (goal.bound()) {
      case RATIO_AT_LEAST ->
          String.format(
              Locale.ROOT,
              "missed by %.0f%%: Firn needs %.2fx its figure",
              (1 - measured / goal.target()) * 100,
              factor);
      case RATIO_AT_MOST, FIRN_BELOW ->
          String.format(
              Locale.ROOT,
              "missed: %.2fx the bound, Firn's figure must fall by %.0f%%",
              factor,
              (1 - 1 / factor) * 100);
    };
  }
}
