package dev.firn.writer;

import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Where a load keeps the rows it rejects under the dead-letter policy: a file or a table, each
 * named as what it is, so that {@code rejects.json} is never taken for a table nor {@code
 * raw.rejects} for a file.
 *
 * <pre>{@code
 * ingest.badRows(BadRowPolicy.DEAD_LETTER).deadLetters(DeadLetters.toTable(rejects));
 * }</pre>
 */
public sealed interface DeadLetters {
  /**
   * A file of JSON lines, one per rejected row with its position, reason and raw text, written when
   * the batch commits.
   *
   * @param location a local path, or a URI such as {@code s3://bucket/rejects.json}
   */
  static DeadLetters toFile(String location) {
    return new ToFile(location);
  }

  /** An Iceberg table of rejected rows, created on first use, that gets one append per batch. */
  static DeadLetters toTable(TableIdentifier table) {
    return new ToTable(table);
  }

  /** Rejected rows go to a file; see {@link #toFile}. */
  record ToFile(String location) implements DeadLetters {
    public ToFile {
      if (location == null || location.isBlank()) {
        throw new IllegalArgumentException("Invalid dead-letter file: it is blank");
      }
    }

    @Override
    public String toString() {
      return location;
    }
  }

  /** Rejected rows go to a table; see {@link #toTable}. */
  record ToTable(TableIdentifier table) implements DeadLetters {
    public ToTable {
      if (table == null) {
        throw new IllegalArgumentException("Invalid dead-letter table: it is missing");
      }
    }

    @Override
    public String toString() {
      return table.toString();
    }
  }
}
