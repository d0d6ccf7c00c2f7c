package dev.firn.maintenance;

import dev.firn.vocabulary.TableGc;
import java.util.Arrays;
import java.util.Locale;
import org.apache.iceberg.Table;

/** The kinds of maintenance job, in the order one run performs them. */
public enum JobKind {
  /** Bin-packs small data files and applies deletes; deletes nothing. */
  COMPACTION(false),
  /** Expires snapshots by age and count and deletes the files only they reached. */
  EXPIRY(true),
  /** Deletes files under the table location that no metadata reaches. */
  ORPHANS(true),
  /** Rewrites small manifests into fewer, larger ones; deletes nothing. */
  MANIFESTS(false),
  /** Deletes metadata.json files that have left the table's metadata log. */
  METADATA(true);

  private final boolean deletesFiles;

  JobKind(boolean deletesFiles) {
    this.deletesFiles = deletesFiles;
  }

  /**
   * Whether the job deletes files, and so must not run on a table with {@code gc.enabled=false}.
   */
  public boolean deletesFiles() {
    return deletesFiles;
  }

  /** Whether the job may run on a table: one that deletes files needs {@code gc.enabled}. */
  public boolean allowedOn(Table table) {
    return !deletesFiles || TableGc.enabled(table);
  }

  /** The name users type and read: {@code compaction}, {@code expiry}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind a user named.
   *
   * @throws IllegalArgumentException naming the known kinds
   */
  public static JobKind of(String label) {
    return Arrays.stream(values())
        .filter(kind -> kind.label().equals(label.trim().toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown maintenance job: "
                        + label
                        + " (known: "
                        + String.join(", ", Arrays.stream(values()).map(JobKind::label).toList())
                        + ")"));
  }
}
