package dev.firn.maintenance;

import java.util.Locale;

/** What a maintenance job counts. Each is reported in run results, run history and metrics. */
public enum Measure {
  FILES_REWRITTEN,
  BYTES_REWRITTEN,
  FILES_ADDED,
  BYTES_ADDED,
  DELETE_FILES_REMOVED,
  GROUPS_COMMITTED,
  GROUPS_FAILED,
  SNAPSHOTS_EXPIRED,
  FILES_DELETED,
  BYTES_DELETED,
  FILES_LISTED,
  ORPHANS_FOUND,
  ORPHANS_DELETED,
  MANIFESTS_REWRITTEN,
  MANIFESTS_ADDED,
  METADATA_FILES_DELETED,
  /** Deletes the table's fence refused: paths outside the table location. */
  DELETES_REFUSED;

  /** The name in JSON and logs: {@code files-rewritten}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
