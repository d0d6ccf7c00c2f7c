package dev.firn.bench;

import java.util.List;

/**
 * A grouped bar chart of Firn against a reference: per group, one bar per side at its median, with
 * a whisker from its minimum to its maximum.
 *
 * @param title the chart's title
 * @param valueAxis what the vertical axis measures, with its unit
 * @param firnLabel the legend's name for Firn's bars
 * @param referenceLabel the legend's name for the reference's bars
 * @param groups the groups, left to right
 */
record BarChart(
    String title, String valueAxis, String firnLabel, String referenceLabel, List<Group> groups) {
  BarChart {
    groups = List.copyOf(groups);
  }

  /**
   * One group of two bars.
   *
   * @param label the group's name under the axis
   * @param firn Firn's figure
   * @param reference the reference's figure
   */
  record Group(String label, Summary firn, Summary reference) {}

  /** The largest value any bar or whisker reaches, or 0 when nothing was measured. */
  double largestValue() {
    double largest = 0;
    for (Group group : groups) {
      for (Summary summary : List.of(group.firn(), group.reference())) {
        for (double value : new double[] {summary.median(), summary.max()}) {
          if (Double.isFinite(value)) {
            largest = Math.max(largest, value);
          }
        }
      }
    }
    return largest;
  }

  /**
   * The top of the value axis: the smallest of 1, 2, 2.5 or 5 times a power of ten above {@code
   * largest}, so that the axis has round ticks.
   */
  static double axisTop(double largest) {
    if (!(largest > 0)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(largest)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * power >= largest) {
        return step * power;
      }
    }
    return 10 * power;
  }
}
