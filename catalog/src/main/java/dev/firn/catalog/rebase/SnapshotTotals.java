package dev.firn.catalog.rebase;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.SnapshotSummary;

/**
 * The running totals of a snapshot summary ({@code total-records}, {@code total-data-files}, ...):
 * each is the parent's total plus what the snapshot added minus what it removed. A snapshot moved
 * onto another parent keeps its own changes and gets its totals again from the new parent.
 */
final class SnapshotTotals {
  /**
   * One running total and the summary keys that change it.
   *
   * @param total the total's key
   * @param added the key of what a snapshot adds to it
   * @param removed the key of what a snapshot removes from it
   */
  record Total(String total, String added, String removed) {}

  static final List<Total> TOTALS =
      List.of(
          new Total(
              SnapshotSummary.TOTAL_RECORDS_PROP,
              SnapshotSummary.ADDED_RECORDS_PROP,
              SnapshotSummary.DELETED_RECORDS_PROP),
          new Total(
              SnapshotSummary.TOTAL_FILE_SIZE_PROP,
              SnapshotSummary.ADDED_FILE_SIZE_PROP,
              SnapshotSummary.REMOVED_FILE_SIZE_PROP),
          new Total(
              SnapshotSummary.TOTAL_DATA_FILES_PROP,
              SnapshotSummary.ADDED_FILES_PROP,
              SnapshotSummary.DELETED_FILES_PROP),
          new Total(
              SnapshotSummary.TOTAL_DELETE_FILES_PROP,
              SnapshotSummary.ADDED_DELETE_FILES_PROP,
              SnapshotSummary.REMOVED_DELETE_FILES_PROP),
          new Total(
              SnapshotSummary.TOTAL_POS_DELETES_PROP,
              SnapshotSummary.ADDED_POS_DELETES_PROP,
              SnapshotSummary.REMOVED_POS_DELETES_PROP),
          new Total(
              SnapshotSummary.TOTAL_EQ_DELETES_PROP,
              SnapshotSummary.ADDED_EQ_DELETES_PROP,
              SnapshotSummary.REMOVED_EQ_DELETES_PROP));

  private SnapshotTotals() {}

  /** The totals a table without snapshots starts from. */
  static Map<String, String> empty() {
    Map<String, String> zeros = new HashMap<>();
    TOTALS.forEach(total -> zeros.put(total.total(), "0"));
    return zeros;
  }

  /**
   * A snapshot's summary with its totals counted again from a new parent's summary. A total the
   * parent lacks, or that cannot be read, is left out, as Iceberg leaves it out.
   */
  static Map<String, String> rebase(Map<String, String> summary, Map<String, String> parent) {
    Map<String, String> rebased = new HashMap<>(summary);
    for (Total total : TOTALS) {
      rebased.remove(total.total());
      Long value = parse(parent.get(total.total()));
      Long added = parse(summary.getOrDefault(total.added(), "0"));
      Long removed = parse(summary.getOrDefault(total.removed(), "0"));
      if (value != null && added != null && removed != null) {
        long next = value + added - removed;
        if (next >= 0) {
          rebased.put(total.total(), String.valueOf(next));
        }
      }
    }
    return rebased;
  }

  private static Long parse(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
