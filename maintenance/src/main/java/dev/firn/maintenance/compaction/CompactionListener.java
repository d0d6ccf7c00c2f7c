package dev.firn.maintenance.compaction;

/**
 * Hears how a compaction goes, group by group: for progress displays and logs. Calls come from the
 * compaction's worker threads.
 */
public interface CompactionListener {
  CompactionListener NONE = new CompactionListener() {};

  /** The plan is made: this many file groups holding this many bytes. */
  default void planned(int groups, long bytes) {}

  /**
   * A group's new files are written; its commit comes next.
   *
   * @param partition the group's partition as a path, such as {@code day=2026-11-22}
   */
  default void written(int group, String partition, long bytes) {}

  /** A group committed, or failed and will be retried on the next run. */
  default void finished(int group, boolean committed) {}
}
