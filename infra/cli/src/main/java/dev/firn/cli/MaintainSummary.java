package dev.firn.cli;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.writer.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * What {@code firn maintain} prints when it is done: in a dry run what each job would do, then one
 * line per table and job with its key counts, a total line, and the failed jobs with their errors.
 */
final class MaintainSummary {
  /** One job's result under the table name the user knows it by. */
  record Outcome(String table, JobResult result) {}

  private final int detailLines;

  /**
   * @param detailLines how many detail lines to print per job before "... and N more"
   */
  MaintainSummary(int detailLines) {
    this.detailLines = detailLines;
  }

  String render(List<Outcome> outcomes, boolean dryRun, Duration elapsed) {
    StringBuilder text = new StringBuilder();
    if (dryRun) {
      text.append("Dry run: nothing was changed.\n\n");
      for (Outcome outcome : outcomes) {
        if (!outcome.result().details().isEmpty()) {
          text.append(outcome.table()).append(' ').append(outcome.result().kind().label());
          text.append(":\n");
          details(text, outcome.result().details());
        }
      }
      text.append('\n');
    }
    rows(text, outcomes);
    text.append(total(outcomes, dryRun, elapsed)).append('\n');
    List<Outcome> failed =
        outcomes.stream().filter(outcome -> !outcome.result().succeeded()).toList();
    if (!failed.isEmpty()) {
      text.append("\nFailed:\n");
      for (Outcome outcome : failed) {
        text.append("  ").append(outcome.table()).append(' ');
        text.append(outcome.result().kind().label()).append(": ");
        text.append(outcome.result().error()).append('\n');
        if (!dryRun) {
          details(text, outcome.result().details());
        }
      }
    }
    return text.toString();
  }

  private void details(StringBuilder text, List<String> details) {
    String indent = "    ";
    details.stream().limit(detailLines).forEach(line -> text.append(indent + line + "\n"));
    if (details.size() > detailLines) {
      text.append(indent + "... and " + (details.size() - detailLines) + " more\n");
    }
  }

  private static void rows(StringBuilder text, List<Outcome> outcomes) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"TABLE", "JOB", "STATUS", "TIME", "RESULT"});
    for (Outcome outcome : outcomes) {
      JobResult result = outcome.result();
      rows.add(
          new String[] {
            outcome.table(),
            result.kind().label(),
            result.succeeded() ? "ok" : "FAILED",
            duration(result.duration()),
            result(result)
          });
    }
    int[] widths = new int[4];
    for (String[] row : rows) {
      for (int column = 0; column < widths.length; column++) {
        widths[column] = Math.max(widths[column], row[column].length());
      }
    }
    for (String[] row : rows) {
      for (int column = 0; column < widths.length; column++) {
        text.append(String.format("%-" + widths[column] + "s  ", row[column]));
      }
      text.append(row[widths.length]).append('\n');
    }
  }

  private static String total(List<Outcome> outcomes, boolean dryRun, Duration elapsed) {
    long tables = outcomes.stream().map(Outcome::table).distinct().count();
    long failed = outcomes.stream().filter(outcome -> !outcome.result().succeeded()).count();
    Set<JobKind> kinds = EnumSet.noneOf(JobKind.class);
    outcomes.forEach(outcome -> kinds.add(outcome.result().kind()));
    List<String> phrases = new ArrayList<>();
    for (JobKind kind : kinds) {
      List<JobResult> ofKind =
          outcomes.stream().map(Outcome::result).filter(r -> r.kind() == kind).toList();
      phrases.add(
          phrase(kind, dryRun, measure -> ofKind.stream().mapToLong(r -> r.count(measure)).sum()));
    }
    return String.format(
        "Total: %s, %s, %d failed, %s%s",
        plural(tables, "table"),
        plural(outcomes.size(), "job"),
        failed,
        duration(elapsed),
        phrases.isEmpty() ? "" : ": " + String.join("; ", phrases));
  }

  /** A job's key counts in words, or what it said when it counted nothing. */
  static String result(JobResult result) {
    if (result.counts().isEmpty()) {
      if (!result.succeeded()) {
        return "see below";
      }
      // A job that counted nothing says why in its first detail, such as "Nothing to rewrite".
      String said = result.details().isEmpty() ? "" : result.details().get(0);
      return said.isEmpty()
          ? "nothing to do"
          : Character.toLowerCase(said.charAt(0)) + said.substring(1);
    }
    return phrase(result.kind(), result.dryRun(), result::count);
  }

  private static String phrase(JobKind kind, boolean dryRun, ToLongFunction<Measure> count) {
    return switch (kind) {
      case COMPACTION -> compaction(dryRun, count);
      case EXPIRY ->
          String.format(
              dryRun ? "would expire %s and delete %s" : "%s expired, %s deleted",
              plural(count.applyAsLong(Measure.SNAPSHOTS_EXPIRED), "snapshot"),
              plural(count.applyAsLong(Measure.FILES_DELETED), "file"));
      case ORPHANS -> orphans(dryRun, count);
      case MANIFESTS ->
          String.format(
              dryRun ? "would rewrite %s" : "%s rewritten into %d",
              plural(count.applyAsLong(Measure.MANIFESTS_REWRITTEN), "manifest"),
              count.applyAsLong(Measure.MANIFESTS_ADDED));
      case METADATA ->
          String.format(
              dryRun ? "would delete %s" : "%s deleted",
              plural(count.applyAsLong(Measure.METADATA_FILES_DELETED), "metadata file"));
    };
  }

  private static String compaction(boolean dryRun, ToLongFunction<Measure> count) {
    String files = plural(count.applyAsLong(Measure.FILES_REWRITTEN), "file");
    String bytes = Bytes.human(count.applyAsLong(Measure.BYTES_REWRITTEN));
    if (dryRun) {
      return String.format("would rewrite %s (%s)", files, bytes);
    }
    long groupsFailed = count.applyAsLong(Measure.GROUPS_FAILED);
    return String.format(
        "%s rewritten (%s) into %d%s",
        files,
        bytes,
        count.applyAsLong(Measure.FILES_ADDED),
        groupsFailed == 0 ? "" : ", " + plural(groupsFailed, "group") + " failed");
  }

  private static String orphans(boolean dryRun, ToLongFunction<Measure> count) {
    if (dryRun) {
      return "would remove " + plural(count.applyAsLong(Measure.ORPHANS_FOUND), "orphan");
    }
    return String.format(
        "%s removed (%s) of %d found",
        plural(count.applyAsLong(Measure.ORPHANS_DELETED), "orphan"),
        Bytes.human(count.applyAsLong(Measure.BYTES_DELETED)),
        count.applyAsLong(Measure.ORPHANS_FOUND));
  }

  static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format("%.1f s", millis / 1000.0);
    }
    return String.format("%dm%02ds", millis / 60_000, millis / 1000 % 60);
  }
}
