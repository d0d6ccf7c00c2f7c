package dev.firn.maintenance;

import java.util.Arrays;
import java.util.Locale;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;

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

  /** What a file-deleting job reports on a table with {@code gc.enabled=false}. */
  public static final String GC_DISABLED =
      "Nothing deleted: the table sets gc.enabled=false, so its files may be shared with others";

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
    return !deletesFiles || gcEnabled(table);
  }

  /** Whether a table lets maintenance delete its files: Iceberg's {@code gc.enabled}. */
  public static boolean gcEnabled(Table table) {
    return PropertyUtil.propertyAsBoolean(
        table.properties(), TableProperties.GC_ENABLED, TableProperties.GC_ENABLED_DEFAULT);
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
