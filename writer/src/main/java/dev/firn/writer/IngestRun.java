package dev.firn.writer;

import dev.firn.boundary.FencedTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Files;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.expressions.Expression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One execution of an {@link Ingest}: plan, set up the table, write, commit. */
final class IngestRun {
  private static final Logger LOG = LoggerFactory.getLogger(IngestRun.class);

  private final TableWriter writer;
  private final Ingest ingest;
  private final Catalog catalog;
  private final TableIdentifier id;
  private final List<PartitionFields.Field> partitionBy;
  private final Expression filter;

  IngestRun(TableWriter writer, Ingest ingest) {
    this.writer = writer;
    this.ingest = ingest;
    this.catalog = writer.catalog();
    this.id = ingest.table();
    this.partitionBy =
        ingest.partitionBy() == null ? null : PartitionFields.parse(ingest.partitionBy());
    this.filter = ingest.filter() == null ? null : RowFilter.parse(ingest.filter());
    checkOptions();
  }

  IngestPlan plan() {
    List<BatchPart> parts = ingest.parts();
    Table table = loadTable();
    String batchId = batchId(parts);
    Snapshot earlier = table == null ? null : BatchHistory.find(table, ingest.branch(), batchId);
    List<String> inputs = parts.stream().map(BatchPart::location).toList();
    long bytes = totalBytes(parts);
    if (earlier != null) {
      return new IngestPlan(
          id.toString(), false, batchId, earlier.snapshotId(), inputs, bytes, List.of(), false);
    }
    Schema known = table != null ? table.schema() : ingest.schema();
    List<Schema> schemas = schemas(parts, known);
    if (table == null) {
      requireCreate();
      TableSetup.unionSchema(ingest.schema(), schemas, id.toString());
      return new IngestPlan(id.toString(), true, batchId, null, inputs, bytes, List.of(), false);
    }
    List<SchemaChange> changes = List.of();
    Schema evolved = table.schema();
    if (ingest.mode() != WriteMode.DELETE) {
      SchemaEvolution.Result result =
          TableSetup.changes(table.schema(), schemas, inputs, id.toString());
      changes = result.changes();
      evolved = result.schema();
    }
    boolean specChange =
        partitionBy != null && !TableSetup.specMatches(table, evolved, partitionBy);
    return new IngestPlan(id.toString(), false, batchId, null, inputs, bytes, changes, specChange);
  }

  IngestResult run() {
    Instant start = writer.clock().instant();
    List<BatchPart> parts = ingest.parts();
    Table table = loadTable();
    String batchId = batchId(parts);
    if (table != null) {
      Snapshot earlier = BatchHistory.find(table, ingest.branch(), batchId);
      if (earlier != null) {
        return alreadyCommitted(batchId, earlier, start);
      }
    }
    ingest.progress().started(parts.size(), totalBytes(parts));
    List<Schema> schemas = schemas(parts, table != null ? table.schema() : ingest.schema());
    List<String> names = parts.stream().map(BatchPart::location).toList();
    if (table == null) {
      requireCreate();
      Schema union = TableSetup.unionSchema(ingest.schema(), schemas, id.toString());
      table =
          TableSetup.create(
              catalog,
              id,
              union,
              partitionBy == null ? List.of() : partitionBy,
              ingest.formatVersion(),
              ingest.tableProperties());
    }
    List<SchemaChange> changes = List.of();
    boolean specChanged = false;
    if (ingest.mode() != WriteMode.DELETE) {
      int specId = table.spec().specId();
      changes = TableSetup.evolve(table, schemas, names, partitionBy).changes();
      specChanged = table.spec().specId() != specId;
    }
    checkKeys(table);
    return write(table, parts, schemas, batchId, start, changes, specChanged);
  }

  private IngestResult write(
      Table table,
      List<BatchPart> parts,
      List<Schema> schemas,
      String batchId,
      Instant start,
      List<SchemaChange> changes,
      boolean specChanged) {
    Long startSnapshotId = startingPoint(table);
    DeadLetters deadLetters = deadLetters();
    Rejects rejects = new Rejects(ingest.badRows(), deadLetters);
    BatchWriting writing = new BatchWriting(table, ingest, rejects, parts.size());
    BatchCommit.Outcome outcome;
    try {
      writing.write(parts, schemas);
      ingest.progress().committing();
      outcome =
          new BatchCommit(table, ingest.mode(), ingest.branch(), batchId, filter, startSnapshotId)
              .commit(writing);
    } catch (CommitStateUnknownException e) {
      // The commit may have applied: every file it names must stay.
      throw e;
    } catch (RuntimeException e) {
      writing.discard();
      throw e;
    }
    if (outcome.earlier()) {
      writing.discard();
      return alreadyCommitted(batchId, outcome.snapshot(), start);
    }
    if (deadLetters != null) {
      deadLetters.commit(batchId);
    }
    Duration duration = Duration.between(start, writer.clock().instant());
    IngestResult result =
        new IngestResult(
            id.toString(),
            batchId,
            ingest.mode(),
            ingest.branch(),
            outcome.snapshot().snapshotId(),
            false,
            writing.rows(),
            writing.dataFiles().size(),
            writing.deleteFiles().size(),
            writing.bytesRead(),
            writing.bytesWritten(),
            changes,
            specChanged,
            rejects.count(),
            rejects.sample(),
            duration);
    LOG.info(
        "Loaded batch {} into {} ({}): snapshot {}, {} rows, {} data and {} delete files, {}"
            + " rejected, {} ms",
        batchId,
        id,
        ingest.mode().label(),
        result.snapshotId(),
        result.rows(),
        result.dataFiles(),
        result.deleteFiles(),
        result.rejectedRows(),
        duration.toMillis());
    return result;
  }

  /** The table behind its fence, so that a failed load deletes only inside its location. */
  private Table loadTable() {
    try {
      return FencedTable.of(catalog.loadTable(id)).table();
    } catch (NoSuchTableException e) {
      return null;
    }
  }

  private void requireCreate() {
    if (!ingest.createIfMissing()) {
      throw new NoSuchTableException("Table does not exist: %s (ask the load to create it)", id);
    }
    if (ingest.mode() == WriteMode.DELETE) {
      throw new NoSuchTableException("Table does not exist: %s (nothing to delete from)", id);
    }
  }

  private String batchId(List<BatchPart> parts) {
    if (ingest.batchId() != null) {
      return ingest.batchId();
    }
    String options = ingest.keys() + "|" + ingest.filter() + "|" + ingest.branch();
    return BatchIds.derive(id.toString(), ingest.mode().label(), options, parts);
  }

  private List<Schema> schemas(List<BatchPart> parts, Schema known) {
    List<Schema> schemas = new ArrayList<>();
    for (BatchPart part : parts) {
      schemas.add(part.schema(known));
    }
    return schemas;
  }

  private void checkOptions() {
    WriteMode mode = ingest.mode();
    boolean keyed = mode == WriteMode.UPSERT || mode == WriteMode.DELETE;
    if (keyed && ingest.keys().isEmpty()) {
      throw new IllegalArgumentException(
          "A " + mode.label() + " needs key columns (e.g. --key id)");
    }
    if (!keyed && !ingest.keys().isEmpty()) {
      throw new IllegalArgumentException("Key columns apply only to upsert and delete");
    }
    if (filter != null && mode != WriteMode.OVERWRITE) {
      throw new IllegalArgumentException("A filter applies only to overwrite");
    }
    if (ingest.badRows() == BadRowPolicy.DEAD_LETTER && ingest.deadLetter() == null) {
      throw new IllegalArgumentException(
          "The dead-letter policy needs a dead-letter file or table");
    }
  }

  /** Keys are top-level columns, and every partition source is a key (else deletes miss rows). */
  private void checkKeys(Table table) {
    for (String key : ingest.keys()) {
      if (table.schema().asStruct().field(key) == null) {
        throw new IllegalArgumentException(
            "Key column " + key + " is not a top-level column of " + id);
      }
    }
    if (ingest.keys().isEmpty()) {
      return;
    }
    List<Integer> keyIds =
        ingest.keys().stream().map(k -> table.schema().findField(k).fieldId()).toList();
    for (PartitionField field : table.spec().fields()) {
      if (!keyIds.contains(field.sourceId())) {
        throw new IllegalArgumentException(
            "Partition field "
                + field.name()
                + " of "
                + id
                + " is derived from "
                + table.schema().findColumnName(field.sourceId())
                + ", which is not a key column: an "
                + ingest.mode().label()
                + " needs every partition source among its keys");
      }
    }
  }

  /** The snapshot the batch starts from; creates the branch from main when it is new. */
  private Long startingPoint(Table table) {
    String branch = ingest.branch();
    if (!branch.equals(SnapshotRef.MAIN_BRANCH)
        && table.refs().get(branch) == null
        && table.currentSnapshot() != null) {
      table.manageSnapshots().createBranch(branch, table.currentSnapshot().snapshotId()).commit();
      table.refresh();
    }
    Snapshot head = table.snapshot(branch);
    return head == null ? null : head.snapshotId();
  }

  private DeadLetters deadLetters() {
    if (ingest.badRows() != BadRowPolicy.DEAD_LETTER) {
      return null;
    }
    String target = ingest.deadLetter();
    if (target.contains("://")) {
      return DeadLetters.file(writer.inputIo().newOutputFile(target), id.toString());
    }
    if (target.contains("/") || target.endsWith(".json") || !target.contains(".")) {
      return DeadLetters.file(Files.localOutput(target), id.toString());
    }
    return DeadLetters.table(catalog, TableIdentifier.parse(target), id.toString(), writer.clock());
  }

  private IngestResult alreadyCommitted(String batchId, Snapshot snapshot, Instant start) {
    LOG.info("Batch {} is already in {} (snapshot {})", batchId, id, snapshot.snapshotId());
    return new IngestResult(
        id.toString(),
        batchId,
        ingest.mode(),
        ingest.branch(),
        snapshot.snapshotId(),
        true,
        0,
        0,
        0,
        0,
        0,
        List.of(),
        false,
        0,
        List.of(),
        Duration.between(start, writer.clock().instant()));
  }

  private static long totalBytes(List<BatchPart> parts) {
    long total = 0;
    for (BatchPart part : parts) {
      if (part.size() < 0) {
        return -1;
      }
      total += part.size();
    }
    return total;
  }
}
