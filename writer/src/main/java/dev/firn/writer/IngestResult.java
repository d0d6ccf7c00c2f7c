package dev.firn.writer;

import java.time.Duration;
import java.util.List;

/**
 * What a load did.
 *
 * @param table the table
 * @param batchId the batch id stamped in the snapshot summary
 * @param mode the write mode
 * @param branch the branch written
 * @param snapshotId the snapshot that holds the batch (an earlier one when already committed)
 * @param alreadyCommitted whether the batch was found in the table's history, so nothing was done
 * @param rows rows written (data rows; keys for a delete)
 * @param dataFiles data files added
 * @param deleteFiles delete files added
 * @param bytesRead input bytes read
 * @param bytesWritten bytes of files added
 * @param schemaChanges the schema changes committed before the data
 * @param specChanged whether a new partition spec was added
 * @param rejectedRows rows left out under the skip or dead-letter policy
 * @param rejectedSample the first few rejected rows, as position and reason
 * @param duration the wall time of the load
 * @param replacedRows rows the load replaced (an overwrite's replaced partitions or filter)
 * @param replacedFiles data files the load replaced
 * @param notes what inference had to say about the inputs
 * @param rejectedTo where rejected rows went ({@code left out (skip)}, {@code kept in FILE}), or
 *     null when no row could be rejected
 */
public record IngestResult(
    String table,
    String batchId,
    WriteMode mode,
    String branch,
    Long snapshotId,
    boolean alreadyCommitted,
    long rows,
    int dataFiles,
    int deleteFiles,
    long bytesRead,
    long bytesWritten,
    List<SchemaChange> schemaChanges,
    boolean specChanged,
    long rejectedRows,
    List<String> rejectedSample,
    Duration duration,
    long replacedRows,
    long replacedFiles,
    List<String> notes,
    String rejectedTo) {

  /** A readable summary of several lines. */
  public String summary() {
    StringBuilder text = new StringBuilder();
    if (alreadyCommitted) {
      text.append("Batch ")
          .append(batchId)
          .append(" is already in ")
          .append(table)
          .append(" (snapshot ")
          .append(snapshotId)
          .append("); nothing to do.\n");
      return text.toString();
    }
    double seconds = Math.max(duration.toMillis(), 1) / 1000.0;
    String verb =
        switch (mode) {
          case UPSERT -> "Upserted %,d rows into %s (rows with the same key are replaced; %s";
          case DELETE -> "Deleted the rows of %,d keys from %s (%s";
          default -> "Loaded %,d rows into %s (%s";
        };
    text.append(String.format(verb, rows, table, mode.label()))
        .append(branch.equals("main") ? "" : ", branch " + branch)
        .append(")\n");
    text.append(String.format("  snapshot     %s%n", snapshotId));
    text.append(String.format("  batch id     %s%n", batchId));
    text.append(
        String.format(
            "  files        %d data, %d delete, %s written%n",
            dataFiles, deleteFiles, Bytes.human(bytesWritten)));
    text.append(
        String.format(
            "  read         %s in %.1f s (%.0f rows/s, %s/s)%n",
            Bytes.human(bytesRead), seconds, rows / seconds, Bytes.human(bytesRead / seconds)));
    if (!schemaChanges.isEmpty() || specChanged) {
      text.append("  schema       ");
      List<String> changes = schemaChanges.stream().map(SchemaChange::toString).toList();
      text.append(String.join("; ", changes));
      text.append(specChanged ? (changes.isEmpty() ? "" : "; ") + "new partition spec" : "");
      text.append('\n');
    }
    if (replacedFiles > 0) {
      text.append(
          String.format(
              "  replaced     %,d rows in %,d data files%n", replacedRows, replacedFiles));
    }
    notes.forEach(note -> text.append("  note         ").append(note).append('\n'));
    if (rejectedRows > 0) {
      text.append(
          String.format(
              "  rejected     %,d rows, %s, e.g.%n",
              rejectedRows, rejectedTo == null ? "left out" : rejectedTo));
      rejectedSample.forEach(sample -> text.append("    ").append(sample).append('\n'));
    }
    return text.toString();
  }
}
