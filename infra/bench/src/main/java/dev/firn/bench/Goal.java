package dev.firn.bench;

import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.Markdown;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.Summary;
import dev.firn.bench.core.TableVariant;
import java.util.Locale;

/**
 * One of Firn's performance goals: a bound on one figure of the tables of one scenario, either on
 * the ratio of Firn's median to the reference's, or on Firn's median itself.
 *
 * @param scenario the scenario whose tables it applies to
 * @param tables the tables of the scenario it applies to
 * @param figure the figure, as its row names it
 * @param bound how the figure is bounded
 * @param target the bound
 * @param statement the goal in words, as the document states it
 * @param other the further side whose figure is bounded instead of Firn's, such as "Firn on
 *     PostgreSQL", or null for Firn's
 */
record Goal(
    SuiteScenario scenario,
    TableVariant tables,
    String figure,
    Bound bound,
    double target,
    String statement,
    String other) {

  /** How a goal bounds its figure. */
  enum Bound {
    /** Firn's median over the reference's is at least the target. */
    RATIO_AT_LEAST,
    /** Firn's median over the reference's is at most the target. */
    RATIO_AT_MOST,
    /** Firn's median is below the target. */
    FIRN_BELOW
  }

  Goal {
    if (!(target > 0) || !Double.isFinite(target)) {
      throw new IllegalArgumentException("Invalid goal target: " + target + " (must be > 0)");
    }
  }

  /** A goal on Firn's own figures, not yet stated in words. */
  Goal(SuiteScenario scenario, TableVariant tables, String figure, Bound bound, double target) {
    this(scenario, tables, figure, bound, target, null, null);
  }

  /** This goal as the document states it. */
  Goal stated(String words) {
    return new Goal(scenario, tables, figure, bound, target, words, other);
  }

  /** This goal on the further side {@code side} instead of Firn. */
  Goal on(String side) {
    return new Goal(scenario, tables, figure, bound, target, statement, side);
  }

  /**
   * Whether the goal applies to {@code table}: a goal on a further side only where the table has
   * that side, which a run may skip.
   */
  boolean appliesTo(SuiteScenario candidate, ScenarioResult table) {
    return candidate == scenario
        && tables.covers(table.variant())
        && (other == null || table.rows().stream().anyMatch(r -> r.others().containsKey(other)));
  }

  /** The goal checked against the row of {@code table} that holds its figure. */
  GoalCheck check(ScenarioResult table) {
    FigureRow row =
        table.rows().stream().filter(r -> r.figure().equals(figure)).findFirst().orElse(null);
    return new GoalCheck(this, table.title(), row == null ? Double.NaN : measured(row));
  }

  private double measured(FigureRow row) {
    if (other == null) {
      return bound == Bound.FIRN_BELOW ? row.firn().median() : row.ratio();
    }
    Summary summary = row.others().get(other);
    if (summary == null) {
      return Double.NaN;
    }
    return bound == Bound.FIRN_BELOW ? summary.median() : row.ratio(other);
  }

  /** The bound in words, e.g. "at least 3x" or "below 1000 ms". */
  String describeTarget() {
    return switch (bound) {
      case RATIO_AT_LEAST -> "at least " + times(target);
      case RATIO_AT_MOST -> "at most " + times(target);
      case FIRN_BELOW -> "below " + Markdown.number(target) + unit();
    };
  }

  /** The figure's unit, as its name ends (" ms" for "latency p99, ms"), or nothing. */
  String unit() {
    int comma = figure.lastIndexOf(", ");
    return comma < 0 ? "" : " " + figure.substring(comma + 2);
  }

  static String times(double ratio) {
    return String.format(Locale.ROOT, "%.2fx", ratio);
  }
}
