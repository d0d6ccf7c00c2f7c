package dev.firn.bench.core;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * How every harness's report writes Markdown: its heading, its numbers, and its tables of figures,
 * each row a figure with Firn's and the reference's median, minimum and maximum and their ratio.
 */
public final class Markdown {
  private Markdown() {}

  /** A new report opening with its title and when it ran. */
  public static StringBuilder heading(String title, RunStamp stamp, boolean quick) {
    StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
    return out.append(
        String.format(
            Locale.ROOT,
            "Run at %s, took %d min %d s%s.%n%n",
            stamp.started().truncatedTo(ChronoUnit.SECONDS),
            stamp.took().toMinutes(),
            stamp.took().toSecondsPart(),
            quick ? " (`--quick`)" : ""));
  }

  /** A report's setup section: a table of name and value, opening with the machine. */
  public static void setup(StringBuilder out, MachineInfo machine) {
    out.append("## Setup\n\n| | |\n|---|---|\n");
    row(out, "Machine", machine.describe());
  }

  /** One row of a two-column table. */
  public static void row(StringBuilder out, String name, String value) {
    out.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  /** Each warning as a list item. */
  public static void warnings(StringBuilder out, List<String> warnings) {
    warnings.forEach(warning -> out.append("- WARNING: ").append(warning).append('\n'));
  }

  /** A ratio to two decimals, or n/a when there is none. */
  public static String ratio(double ratio) {
    return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f", ratio) : "n/a";
  }

  /**
   * A table of figures against {@code reference}, with a median column for each of {@code others},
   * the further sides.
   */
  public static void figures(
      StringBuilder out, String reference, List<String> others, List<FigureRow> rows) {
    out.append(
        String.format(
            Locale.ROOT,
            "| figure | Firn median | Firn min | Firn max | %1$s median | %1$s min | %1$s max |"
                + " Firn/%1$s |",
            reference));
    others.forEach(other -> out.append(" ").append(other).append(" median |"));
    out.append("\n|---|--:|--:|--:|--:|--:|--:|--:|").append("--:|".repeat(others.size()));
    out.append('\n');
    for (FigureRow row : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %s | %s |",
              row.figure(),
              number(row.firn().median()),
              number(row.firn().min()),
              number(row.firn().max()),
              number(row.reference().median()),
              number(row.reference().min()),
              number(row.reference().max()),
              ratio(row.ratio())));
      for (String other : others) {
        Summary summary = row.others().get(other);
        out.append(" ")
            .append(number(summary == null ? Double.NaN : summary.median()))
            .append(" |");
      }
      out.append('\n');
    }
  }

  /** Three significant digits or so: enough to compare, few enough to read. */
  public static String number(double value) {
    if (!Double.isFinite(value)) {
      return "n/a";
    }
    double magnitude = Math.abs(value);
    String format =
        magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
    return String.format(Locale.ROOT, format, value);
  }
}
