package dev.firn.writer;

import java.time.Duration;
import java.util.List;

/**
 * What a load did: the batch and its snapshot, then what it wrote, replaced, changed and rejected,
 * each as a small record of its own.
 *
 * @param batch the batch: table, id, mode and branch
 * @param snapshotId the snapshot that holds the batch (an earlier one when already committed)
 * @param alreadyCommitted whether the batch was found in the table's history, so nothing was done
 * @param written what the load wrote
 * @param bytesRead input bytes read
 * @param replaced what the load replaced (an overwrite's partitions or filter, an upsert's keys)
 * @param changes the schema changes and new partition spec committed with the data
 * @param rejected the rows left out under the skip or dead-letter policy
 * @param notes what inference had to say about the inputs
 * @param duration the wall time of the load
 */
public record IngestResult(
    Batch batch,
    Long snapshotId,
    boolean alreadyCommitted,
    Written written,
    long bytesRead,
    Replaced replaced,
    TableChanges changes,
    Rejected rejected,
    List<String> notes,
    Duration duration) {
  public IngestResult {
    notes = List.copyOf(notes);
  }

  /**
   * A batch: which load it is.
   *
   * @param table the table
   * @param id the batch id stamped in the snapshot summary
   * @param mode the write mode
   * @param branch the branch written
   */
  public record Batch(String table, String id, WriteMode mode, String branch) {}

  /**
   * What a load wrote.
   *
   * @param rows rows written (data rows; keys for a delete)
   * @param dataFiles data files added
   * @param deleteFiles delete files added
   * @param bytes bytes of the files added
   */
  public record Written(long rows, int dataFiles, int deleteFiles, long bytes) {
    public static final Written NOTHING = new Written(0, 0, 0, 0);
  }

  /**
   * What a load replaced, as its snapshot's summary counts it.
   *
   * @param rows rows replaced
   * @param dataFiles data files replaced
   */
  public record Replaced(long rows, long dataFiles) {
    public static final Replaced NOTHING = new Replaced(0, 0);
  }

  /**
   * The rows a load left out.
   *
   * @param rows how many
   * @param sample the first few, as position and reason
   * @param to where they went ({@code left out (skip)}, {@code kept in FILE}), or null when no row
   *     could be rejected
   */
  public record Rejected(long rows, List<String> sample, String to) {
    public static final Rejected NONE = new Rejected(0, List.of(), null);

    public Rejected {
      sample = List.copyOf(sample);
    }
  }

  /** The result of a batch found in the table's history: nothing was written. */
  public static IngestResult alreadyCommitted(Batch batch, long snapshotId, Duration duration) {
    return new IngestResult(
        batch,
        snapshotId,
        true,
        Written.NOTHING,
        0,
        Replaced.NOTHING,
        TableChanges.NONE,
        Rejected.NONE,
        List.of(),
        duration);
  }

  /** Rows written: data rows, or keys for a delete. */
  public long rows() {
    return written.rows();
  }

  /** Data files added. */
  public int dataFiles() {
    return written.dataFiles();
  }

  /** Bytes of the files added. */
  public long bytesWritten() {
    return written.bytes();
  }

  /** A readable summary of several lines. */
  public String summary() {
    StringBuilder text = new StringBuilder();
    if (alreadyCommitted) {
      text.append("Batch ")
          .append(batch.id())
          .append(" is already in ")
          .append(batch.table())
          .append(" (snapshot ")
          .append(snapshotId)
          .append("); nothing to do.\n");
      return text.toString();
    }
    double seconds = Math.max(duration.toMillis(), 1) / 1000.0;
    String verb =
        switch (batch.mode()) {
          case UPSERT -> "Upserted %,d rows into %s (rows with the same key are replaced; %s";
          case DELETE -> "Deleted the rows of %,d keys from %s (%s";
          default -> "Loaded %,d rows into %s (%s";
        };
    text.append(String.format(verb, written.rows(), batch.table(), batch.mode().label()))
        .append(batch.branch().equals("main") ? "" : ", branch " + batch.branch())
        .append(")\n");
    text.append(String.format("  snapshot     %s%n", snapshotId));
    text.append(String.format("  batch id     %s%n", batch.id()));
    text.append(
        String.format(
            "  files        %d data, %d delete, %s written%n",
            written.dataFiles(), written.deleteFiles(), Bytes.human(written.bytes())));
    text.append(
        String.format(
            "  read         %s in %.1f s (%.0f rows/s, %s/s)%n",
            Bytes.human(bytesRead),
            seconds,
            written.rows() / seconds,
            Bytes.human(bytesRead / seconds)));
    if (!changes.isEmpty()) {
      text.append("  schema       ").append(changes).append('\n');
    }
    if (replaced.dataFiles() > 0) {
      text.append(
          String.format(
              "  replaced     %,d rows in %,d data files%n",
              replaced.rows(), replaced.dataFiles()));
    }
    notes.forEach(note -> text.append("  note         ").append(note).append('\n'));
    if (rejected.rows() > 0) {
      text.append(
          String.format(
              "  rejected     %,d rows, %s, e.g.%n",
              rejected.rows(), rejected.to() == null ? "left out" : rejected.to()));
      rejected.sample().forEach(sample -> text.append("    ").append(sample).append('\n'));
    }
    return text.toString();
  }
}
