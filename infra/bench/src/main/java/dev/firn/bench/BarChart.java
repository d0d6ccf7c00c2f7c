package dev.firn.bench;

import dev.firn.bench.core.Summary;
import java.util.List;

/**
 * A grouped bar chart of Firn against a reference: per group, one bar per side at its median, with
 * a whisker from its minimum to its maximum. Further sides, where a scenario has them, stand
 * between Firn's bar and the reference's.
 *
 * @param title the chart's title
 * @param valueAxis what the vertical axis measures, with its unit
 * @param firnLabel the legend's name for Firn's bars
 * @param referenceLabel the legend's name for the reference's bars
 * @param groups the groups, left to right
 * @param otherLabels the legend's names of further sides, in the order of each group's others
 */
record BarChart(
    String title,
    String valueAxis,
    String firnLabel,
    String referenceLabel,
    List<Group> groups,
    List<String> otherLabels) {
  BarChart {
    groups = List.copyOf(groups);
    otherLabels = List.copyOf(otherLabels);
    for (Group group : groups) {
      if (group.others().size() != otherLabels.size()) {
        throw new IllegalArgumentException(
            "Invalid chart group "
                + group.label()
                + ": "
                + group.others().size()
                + " further bars for "
                + otherLabels.size()
                + " further sides");
      }
    }
  }

  BarChart(
      String title, String valueAxis, String firnLabel, String referenceLabel, List<Group> groups) {
    this(title, valueAxis, firnLabel, referenceLabel, groups, List.of());
  }

  /**
   * One group of bars.
   *
   * @param label the group's name under the axis
   * @param firn Firn's figure
   * @param reference the reference's figure
   * @param others the further sides' figures, in the order of the chart's other labels
   */
  record Group(String label, Summary firn, Summary reference, List<Summary> others) {
    Group {
      others = List.copyOf(others);
    }

    Group(String label, Summary firn, Summary reference) {
      this(label, firn, reference, List.of());
    }

    /** Every bar of the group, left to right: Firn, the others, the reference. */
    List<Summary> bars() {
      List<Summary> bars = new java.util.ArrayList<>();
      bars.add(firn);
      bars.addAll(others);
      bars.add(reference);
      return bars;
    }
  }
}
