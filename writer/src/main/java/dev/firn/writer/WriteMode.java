package dev.firn.writer;

import java.util.Locale;

/** How a batch changes a table. */
public enum WriteMode {
  /** Adds the rows. */
  APPEND,
  /** Replaces the partitions the batch touches, or the rows matching a filter, with the batch. */
  OVERWRITE,
  /** Rows whose key exists replace the old rows; others are added. */
  UPSERT,
  /** Deletes the rows whose key is in the batch. */
  DELETE;

  public static WriteMode named(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Unknown write mode: " + name + " (known: append, overwrite, upsert, delete)");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
