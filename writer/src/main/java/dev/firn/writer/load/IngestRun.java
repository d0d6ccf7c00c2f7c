package dev.firn.writer.load;

import dev.firn.boundary.FencedTable;
import dev.firn.writer.BadRowPolicy;
import dev.firn.writer.DeadLetters;
import dev.firn.writer.IncompatibleSchemaException;
import dev.firn.writer.IngestPlan;
import dev.firn.writer.IngestResult;
import dev.firn.writer.SchemaChange;
import dev.firn.writer.SchemaMode;
import dev.firn.writer.TableChanges;
import dev.firn.writer.WriteMode;
import dev.firn.writer.commit.BatchCommit;
import dev.firn.writer.commit.BatchHistory;
import dev.firn.writer.input.Inferred;
import dev.firn.writer.schema.PartitionFields;
import dev.firn.writer.schema.TableSetup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.iceberg.Files;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdatePartitionSpec;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of a load ({@code Ingest}): plan, set up the table, write, commit. Internal: the
 * writer's API is {@code Ingest}.
 */
public final class IngestRun {
  private static final Logger LOG = LoggerFactory.getLogger(IngestRun.class);

  private final Supplier<FileIO> inputIo;
  private final Clock clock;
  private final IngestRequest request;
  private final Catalog catalog;
  private final TableIdentifier id;
  private final List<PartitionFields.Field> partitionBy;
  private final Expression filter;
  private final Set<String> widened = new LinkedHashSet<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * A run of the request through the catalog.
   *
   * @param inputIo the FileIO that reads and writes {@code s3://} inputs and dead letters
   * @param clock the clock for durations and dead-letter times
   */
  public IngestRun(Catalog catalog, Supplier<FileIO> inputIo, Clock clock, IngestRequest request) {
    this.catalog = catalog;
    this.inputIo = inputIo;
    this.clock = clock;
    this.request = request;
    this.id = request.table();
    this.partitionBy =
        request.partitionBy() == null ? null : PartitionFields.parse(request.partitionBy());
    this.filter = request.filter() == null ? null : RowFilter.parse(request.filter());
    checkOptions();
  }

  /**
   * What the load does, worked out once against the table as it is now. The dry run reports it; the
   * run executes exactly it, working it out again only when another writer changed the table first.
   */
  private record Steps(
      Table table,
      List<BatchPart> parts,
      String batchId,
      Snapshot earlier,
      List<Namespace> namespaces,
      List<Schema> schemas,
      Schema schema,
      PartitionSpec spec,
      List<SchemaChange> changes,
      boolean specChange,
      boolean newBranch) {
    /** The batch is already in the table's history: nothing to do. */
    static Steps done(Table table, List<BatchPart> parts, String batchId, Snapshot earlier) {
      return new Steps(
          table, parts, batchId, earlier, List.of(), List.of(), null, null, List.of(), false,
          false);
    }

    /** A new table, created in one transaction with the data, in namespaces created first. */
    static Steps create(
        List<BatchPart> parts,
        String batchId,
        List<Namespace> namespaces,
        List<Schema> schemas,
        Schema schema,
        PartitionSpec spec) {
      return new Steps(
          null, parts, batchId, null, namespaces, schemas, schema, spec, List.of(), false, false);
    }

    /** A load into an existing table, with its schema changes still to stage. */
    static Steps load(
        Table table,
        List<BatchPart> parts,
        String batchId,
        List<Schema> schemas,
        List<SchemaChange> changes) {
      return new Steps(
          table, parts, batchId, null, List.of(), schemas, null, null, changes, false, false);
    }

    /** These steps with the table's schema and spec as staging leaves them. */
    Steps staged(Schema after, PartitionSpec afterSpec, boolean newSpec, boolean branches) {
      return new Steps(
          table,
          parts,
          batchId,
          earlier,
          namespaces,
          schemas,
          after,
          afterSpec,
          changes,
          newSpec,
          branches);
    }

    /** These steps against the table as another writer left it. */
    Steps on(Table fresh, boolean branches) {
      return new Steps(
          fresh,
          parts,
          batchId,
          earlier,
          namespaces,
          schemas,
          schema,
          spec,
          changes,
          specChange,
          branches);
    }

    List<String> inputs() {
      return parts.stream().map(BatchPart::location).toList();
    }

    /** Whether the load changes more than data: it then commits everything in one transaction. */
    boolean structural() {
      return table == null || !changes.isEmpty() || specChange || newBranch;
    }
  }

  /** What the load would do; nothing changes. */
  public IngestPlan plan() {
    Steps steps = steps();
    IngestPlan.Inputs inputs = new IngestPlan.Inputs(steps.inputs(), totalBytes(steps.parts()));
    if (steps.earlier() != null) {
      return IngestPlan.alreadyCommitted(
          id.toString(), steps.batchId(), steps.earlier().snapshotId(), inputs);
    }
    IngestPlan.Creates creates =
        new IngestPlan.Creates(
            steps.namespaces().stream().map(Namespace::toString).toList(),
            steps.table() == null,
            steps.newBranch());
    return new IngestPlan(
        id.toString(),
        steps.batchId(),
        null,
        creates,
        inputs,
        new TableChanges(steps.changes(), steps.specChange()),
        steps.schema(),
        steps.spec(),
        notes);
  }

  private Steps steps() {
    List<BatchPart> parts = request.parts(inputIo);
    Table table = loadTable();
    String batchId = batchId(parts);
    Snapshot earlier = table == null ? null : BatchHistory.find(table, request.branch(), batchId);
    if (earlier == null && table != null && branchesFromMain(table)) {
      // The branch starts again from main, whose history holds what earlier runs published.
      earlier = BatchHistory.find(table, SnapshotRef.MAIN_BRANCH, batchId);
    }
    if (earlier != null) {
      return Steps.done(table, parts, batchId, earlier);
    }
    List<Schema> schemas = schemas(parts, table != null ? table.schema() : request.schema());
    if (table == null) {
      requireCreate();
      List<Namespace> namespaces = missingNamespaces();
      Schema union = TableSetup.unionSchema(request.schema(), schemas, id.toString());
      // Field ids as the catalog will assign them, so that the checks see the table to be.
      Schema created = TypeUtil.assignFreshIds(union, new AtomicInteger()::incrementAndGet);
      PartitionSpec spec =
          PartitionFields.spec(created, partitionBy == null ? List.of() : partitionBy);
      checkKeys(created, spec);
      checkFilter(created);
      return Steps.create(parts, batchId, namespaces, schemas, created, spec);
    }
    checkTextWidening(table.schema(), parts, schemas);
    List<SchemaChange> changes = List.of();
    if (request.mode() != WriteMode.DELETE) {
      List<Schema> wanted = new ArrayList<>();
      List<String> names = new ArrayList<>();
      if (request.schema() != null) {
        // A declared schema evolves the table like an input does, or the load is refused.
        wanted.add(request.schema());
        names.add("the declared schema");
      }
      wanted.addAll(schemas);
      parts.forEach(part -> names.add(part.location()));
      changes = TableSetup.changes(table.schema(), wanted, names, id.toString());
      if (request.schemaMode() == SchemaMode.STRICT && !changes.isEmpty()) {
        throw new IncompatibleSchemaException(
            "The schema mode strict refuses any change to "
                + id
                + ", and the inputs need: "
                + String.join("; ", changes.stream().map(Object::toString).toList()));
      }
    }
    Steps draft = Steps.load(table, parts, batchId, schemas, changes);
    Transaction staged = stage(draft);
    Table after = staged.table();
    boolean specChange = after.spec().specId() != table.spec().specId();
    boolean newBranch = branchesFromMain(table);
    checkKeys(after.schema(), after.spec());
    checkFilter(after.schema());
    return draft.staged(after.schema(), after.spec(), specChange, newBranch);
  }

  /**
   * The schema changes, the new partition spec and the new branch of a load, staged on the table in
   * memory: nothing reaches the catalog until the transaction commits with the data.
   */
  private Transaction stage(Steps steps) {
    Table table = steps.table();
    Transaction transaction = table.newTransaction();
    if (!steps.changes().isEmpty()) {
      UpdateSchema update = transaction.updateSchema();
      steps.changes().forEach(change -> change.applyTo(update));
      update.commit();
    }
    if (partitionBy != null
        && !TableSetup.specMatches(
            transaction.table(), transaction.table().schema(), partitionBy)) {
      UpdatePartitionSpec update = transaction.updateSpec();
      PartitionFields.evolve(update, table.spec(), transaction.table().schema(), partitionBy);
      update.commit();
    }
    if (steps.newBranch()) {
      long main = table.currentSnapshot().snapshotId();
      if (table.refs().containsKey(request.branch())) {
        transaction.manageSnapshots().replaceBranch(request.branch(), main).commit();
      } else {
        transaction.manageSnapshots().createBranch(request.branch(), main).commit();
      }
    }
    return transaction;
  }

  /**
   * Whether the load starts its branch from {@code main}: the branch is new, or everything on it is
   * already on {@code main} (it was published) while {@code main} moved on.
   */
  private boolean branchesFromMain(Table table) {
    String branch = request.branch();
    Snapshot main = table.currentSnapshot();
    if (branch.equals(SnapshotRef.MAIN_BRANCH) || main == null) {
      return false;
    }
    Snapshot head = table.snapshot(branch);
    if (head == null) {
      return true;
    }
    return head.snapshotId() != main.snapshotId()
        && SnapshotUtil.isAncestorOf(table, main.snapshotId(), head.snapshotId());
  }

  /** Loads the batch, executing the plan {@link #plan()} returns. */
  public IngestResult run() {
    Instant start = clock.instant();
    List<Namespace> created = new ArrayList<>();
    try {
      for (int attempt = 1; ; attempt++) {
        Steps steps = steps();
        if (steps.earlier() != null) {
          return alreadyCommitted(steps.batchId(), steps.earlier(), start);
        }
        created.addAll(createNamespaces(steps.namespaces()));
        if (attempt == 1) {
          request.progress().started(steps.parts().size(), totalBytes(steps.parts()));
        }
        try {
          return steps.structural() ? inTransaction(steps, start) : dataOnly(steps, start);
        } catch (BatchWriting.WidenToLong e) {
          // A value beyond the rows inference looked at: read the column as long from the start.
          if (!widened.add(e.column())) {
            throw new IncompatibleSchemaException(
                "Column "
                    + e.column()
                    + " holds whole numbers beyond int's range, and Firn cannot widen an int"
                    + " inside a list or map: declare it long with --schema");
          }
          attempt--;
          LOG.info("{}", e.getMessage());
        } catch (CommitFailedException | AlreadyExistsException e) {
          // Another writer changed the table first and nothing of this load landed: work the load
          // out again against the table as it is now.
          if (attempt >= BatchCommit.ATTEMPTS) {
            throw e;
          }
          LOG.info("{} changed while loading into it; loading again ({})", id, e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      if (!(e instanceof CommitStateUnknownException)) {
        dropEmpty(created);
      }
      throw e;
    }
  }

  /** A load that only adds data: one snapshot, retried against other writers' commits. */
  private IngestResult dataOnly(Steps steps, Instant start) {
    Table table = steps.table();
    Snapshot head = table.snapshot(request.branch());
    Long startSnapshotId = head == null ? null : head.snapshotId();
    return write(
        table,
        null,
        steps,
        start,
        writing ->
            new BatchCommit(
                    table,
                    request.mode(),
                    request.branch(),
                    steps.batchId(),
                    filter,
                    startSnapshotId)
                .commit(writing.files()));
  }

  /**
   * A load that creates the table or changes its schema, spec or branches: the changes and the data
   * commit together, so a load that fails anywhere leaves the table as it was.
   */
  private IngestResult inTransaction(Steps steps, Instant start) {
    Transaction transaction = steps.table() == null ? createTransaction(steps) : stage(steps);
    Table target = FencedTable.of(transaction.table()).table();
    Snapshot head = steps.table() == null ? null : steps.table().snapshot(SnapshotRef.MAIN_BRANCH);
    if (steps.table() != null && !steps.newBranch()) {
      head = steps.table().snapshot(request.branch());
    }
    Long startSnapshotId = head == null ? null : head.snapshotId();
    return write(
        target,
        transaction,
        steps,
        start,
        writing ->
            commitStaged(
                steps, transaction, target.schema(), target.spec(), startSnapshotId, writing));
  }

  /**
   * Commits the written files with the staged changes. When another writer's commit wins the race
   * but leaves the staged schema and spec as they were (it only added data, say), the same changes
   * are staged again on the new metadata and the files already written go with them; otherwise the
   * conflict goes up and the whole load is worked out again.
   */
  private BatchCommit.Outcome commitStaged(
      Steps steps,
      Transaction staged,
      Schema writtenSchema,
      PartitionSpec writtenSpec,
      Long startSnapshotId,
      BatchWriting writing) {
    Transaction transaction = staged;
    for (int attempt = 1; ; attempt++) {
      SnapshotUpdate<?> update =
          BatchCommit.update(
              BatchCommit.Updates.of(transaction),
              request.mode(),
              filter,
              startSnapshotId,
              writing.files());
      BatchCommit.stamp(update, request.mode(), request.branch(), steps.batchId());
      update.commit();
      try {
        transaction.commitTransaction();
      } catch (CommitFailedException e) {
        Table fresh = steps.table() == null || attempt >= BatchCommit.ATTEMPTS ? null : loadTable();
        if (fresh == null) {
          throw e;
        }
        Snapshot earlier = BatchHistory.find(fresh, request.branch(), steps.batchId());
        if (earlier != null) {
          // Another run of the same batch won: nothing to commit, and the files go.
          return new BatchCommit.Outcome(earlier, true);
        }
        transaction = restage(steps, writtenSchema, writtenSpec, fresh);
        if (transaction == null) {
          throw e;
        }
        continue;
      } catch (AlreadyExistsException | ValidationException e) {
        throw e;
      } catch (RuntimeException e) {
        // A lost reply or a server error: the load may have landed. Look, and never guess.
        Snapshot landed = lookAgain(steps.batchId());
        if (landed != null) {
          return new BatchCommit.Outcome(landed, false);
        }
        throw e instanceof CommitStateUnknownException unknown
            ? unknown
            : new CommitStateUnknownException(e);
      }
      // Landed: from here on no failure may discard a file. The snapshot comes from the
      // committed metadata the transaction holds, without another call to the catalog.
      return new BatchCommit.Outcome(
          BatchHistory.find(transaction.table(), request.branch(), steps.batchId()), false);
    }
  }

  /**
   * The staged changes again, on the table as it is now; null when they come out otherwise (the
   * schema or spec moved on), so that the load must be worked out again.
   */
  private Transaction restage(
      Steps steps, Schema writtenSchema, PartitionSpec writtenSpec, Table fresh) {
    Steps now = steps.on(fresh, branchesFromMain(fresh));
    Transaction again;
    try {
      again = stage(now);
    } catch (RuntimeException e) {
      return null;
    }
    Table staged = again.table();
    boolean same =
        staged.schema().sameSchema(writtenSchema)
            && staged.schema().schemaId() == writtenSchema.schemaId()
            && staged.spec().equals(writtenSpec);
    return same ? again : null;
  }

  private Transaction createTransaction(Steps steps) {
    Schema declared = TableSetup.unionSchema(request.schema(), steps.schemas(), id.toString());
    return catalog
        .buildTable(id, declared)
        .withPartitionSpec(
            PartitionFields.spec(declared, partitionBy == null ? List.of() : partitionBy))
        .withProperty(TableProperties.FORMAT_VERSION, Integer.toString(request.formatVersion()))
        .withProperties(request.tableProperties())
        .createTransaction();
  }

  private Snapshot lookAgain(String batchId) {
    try {
      return BatchHistory.find(catalog.loadTable(id), request.branch(), batchId);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The namespaces above the table that do not exist yet, outermost first. */
  private List<Namespace> missingNamespaces() {
    if (!(catalog instanceof SupportsNamespaces namespaces)) {
      return List.of();
    }
    List<Namespace> missing = new ArrayList<>();
    String[] levels = id.namespace().levels();
    for (int depth = 1; depth <= levels.length; depth++) {
      Namespace namespace = Namespace.of(Arrays.copyOf(levels, depth));
      if (!missing.isEmpty() || !namespaces.namespaceExists(namespace)) {
        missing.add(namespace);
      }
    }
    return missing;
  }

  /** Creates the namespaces (like {@code mkdir -p}); returns the ones this load created. */
  private List<Namespace> createNamespaces(List<Namespace> missing) {
    List<Namespace> created = new ArrayList<>();
    for (Namespace namespace : missing) {
      try {
        ((SupportsNamespaces) catalog).createNamespace(namespace);
        created.add(namespace);
        LOG.info("Created namespace {}", namespace);
      } catch (AlreadyExistsException e) {
        // Another load created it first.
      }
    }
    return created;
  }

  /** Drops the namespaces a failed load created, innermost first, where they are still empty. */
  private void dropEmpty(List<Namespace> created) {
    for (int i = created.size() - 1; i >= 0; i--) {
      try {
        ((SupportsNamespaces) catalog).dropNamespace(created.get(i));
      } catch (RuntimeException e) {
        LOG.debug("Kept namespace {}: {}", created.get(i), e.getMessage());
      }
    }
  }

  /** Commits a written batch; returns the snapshot that holds it. */
  private interface Committer {
    BatchCommit.Outcome commit(BatchWriting writing);
  }

  private IngestResult write(
      Table table, Transaction transaction, Steps steps, Instant start, Committer committer) {
    String batchId = steps.batchId();
    DeadLetterSink deadLetters = deadLetters();
    Rejects rejects = new Rejects(request.badRows(), deadLetters, request.badRowLimit());
    BatchWriting writing = new BatchWriting(table, request, rejects, steps.parts().size());
    BatchCommit.Outcome outcome;
    try {
      writing.write(steps.parts(), steps.schemas());
      rejects.checkShare(writing.rowsRead());
      request.progress().committing();
      outcome = committer.commit(writing);
    } catch (CommitStateUnknownException e) {
      // The commit may have applied: every file it names must stay.
      throw e;
    } catch (RuntimeException e) {
      writing.discard();
      throw e;
    }
    if (outcome.snapshot() == null) {
      // Committed, but the branch moved on before the snapshot could be named: keep every file.
      throw new CommitStateUnknownException(
          new IllegalStateException(
              "Batch "
                  + batchId
                  + " was committed to "
                  + id
                  + " but is not on branch "
                  + request.branch()
                  + " any more"));
    }
    if (outcome.earlier()) {
      writing.discard();
      return alreadyCommitted(batchId, outcome.snapshot(), start);
    }
    if (deadLetters != null) {
      deadLetters.commit(batchId);
    }
    Duration duration = Duration.between(start, clock.instant());
    Snapshot snapshot = outcome.snapshot();
    IngestResult result =
        new IngestResult(
            batch(batchId),
            snapshot.snapshotId(),
            false,
            new IngestResult.Written(
                writing.rows(),
                writing.dataFiles().size(),
                writing.deleteFiles().size(),
                writing.bytesWritten()),
            writing.bytesRead(),
            new IngestResult.Replaced(
                summaryCount(snapshot, SnapshotSummary.DELETED_RECORDS_PROP),
                summaryCount(snapshot, SnapshotSummary.DELETED_FILES_PROP)),
            new TableChanges(steps.changes(), steps.specChange()),
            new IngestResult.Rejected(rejects.count(), rejects.sample(), rejectedTo()),
            notes,
            duration);
    notes.forEach(note -> LOG.warn("{}", note));
    LOG.info(
        "Loaded batch {} into {} ({}): snapshot {}, {} rows, {} data and {} delete files, {}"
            + " rejected, {} ms",
        batchId,
        id,
        request.mode().label(),
        result.snapshotId(),
        result.rows(),
        result.dataFiles(),
        result.written().deleteFiles(),
        result.rejected().rows(),
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
    if (!request.createIfMissing()) {
      throw new NoSuchTableException("Table does not exist: %s (ask the load to create it)", id);
    }
    if (request.mode() == WriteMode.DELETE) {
      throw new NoSuchTableException("Table does not exist: %s (nothing to delete from)", id);
    }
  }

  private String batchId(List<BatchPart> parts) {
    if (request.batchId() != null) {
      return request.batchId();
    }
    String options = request.keys() + "|" + request.filter() + "|" + request.branch();
    return BatchIds.derive(id.toString(), request.mode().label(), options, parts);
  }

  private List<Schema> schemas(List<BatchPart> parts, Schema known) {
    List<Schema> schemas = new ArrayList<>();
    notes.clear();
    for (BatchPart part : parts) {
      Inferred inferred = part.infer(known);
      inferred.notes().forEach(note -> notes.add(note + " in " + part.location()));
      Schema schema = inferred.schema();
      schemas.add(part.text() && !widened.isEmpty() ? Widening.toLong(schema, widened) : schema);
    }
    return schemas;
  }

  /**
   * Text inputs widen an int column to long only under the schema mode evolve; otherwise a whole
   * number beyond int's range is refused here, before anything is written.
   */
  private void checkTextWidening(Schema table, List<BatchPart> parts, List<Schema> schemas) {
    if (request.schemaMode() == SchemaMode.EVOLVE) {
      return;
    }
    for (int i = 0; i < parts.size(); i++) {
      if (!parts.get(i).text()) {
        continue;
      }
      for (String column : Widening.intsReadAsLong(table, schemas.get(i))) {
        throw new IncompatibleSchemaException(
            "Column "
                + column
                + " is int in "
                + id
                + ", but "
                + parts.get(i).location()
                + " holds whole numbers beyond int's range: the schema mode evolve"
                + " (--schema-mode evolve) widens it to long");
      }
    }
  }

  private void checkOptions() {
    WriteMode mode = request.mode();
    boolean keyed = mode == WriteMode.UPSERT || mode == WriteMode.DELETE;
    if (keyed && request.keys().isEmpty()) {
      throw new IllegalArgumentException(
          "A " + mode.label() + " needs key columns (e.g. --key id)");
    }
    if (!keyed && !request.keys().isEmpty()) {
      throw new IllegalArgumentException("Key columns apply only to upsert and delete");
    }
    if (filter != null && mode != WriteMode.OVERWRITE) {
      throw new IllegalArgumentException("A filter applies only to overwrite");
    }
    if (request.badRows() == BadRowPolicy.DEAD_LETTER && request.deadLetters() == null) {
      throw new IllegalArgumentException(
          "The dead-letter policy needs a dead-letter file or table");
    }
  }

  /** Keys are top-level columns, and every partition source is a key (else deletes miss rows). */
  private void checkKeys(Schema schema, PartitionSpec spec) {
    for (String key : request.keys()) {
      if (schema.asStruct().field(key) == null) {
        throw new IllegalArgumentException(
            "Key column " + key + " is not a top-level column of " + id);
      }
    }
    if (request.keys().isEmpty()) {
      return;
    }
    List<Integer> keyIds = request.keys().stream().map(k -> schema.findField(k).fieldId()).toList();
    for (PartitionField field : spec.fields()) {
      if (!keyIds.contains(field.sourceId())) {
        throw new IllegalArgumentException(
            "Partition field "
                + field.name()
                + " of "
                + id
                + " is derived from "
                + schema.findColumnName(field.sourceId())
                + ", which is not a key column: an "
                + request.mode().label()
                + " needs every partition source among its keys");
      }
    }
  }

  /** An overwrite's filter names columns of the table, with values of their types. */
  private void checkFilter(Schema schema) {
    if (filter != null) {
      RowFilter.check(filter, schema, id.toString());
    }
  }

  /** Where rejected rows go, as a summary says it. */
  private String rejectedTo() {
    return switch (request.badRows()) {
      case FAIL -> null;
      case SKIP -> "left out (skip)";
      case DEAD_LETTER -> "kept in " + request.deadLetters();
    };
  }

  private DeadLetterSink deadLetters() {
    if (request.badRows() != BadRowPolicy.DEAD_LETTER) {
      return null;
    }
    if (request.deadLetters() instanceof DeadLetters.ToTable target) {
      return DeadLetterSink.table(catalog, target.table(), id.toString(), clock);
    }
    String location = ((DeadLetters.ToFile) request.deadLetters()).location();
    OutputFile output =
        location.contains("://")
            ? inputIo.get().newOutputFile(location)
            : Files.localOutput(location);
    return DeadLetterSink.file(output, id.toString());
  }

  private IngestResult alreadyCommitted(String batchId, Snapshot snapshot, Instant start) {
    LOG.info("Batch {} is already in {} (snapshot {})", batchId, id, snapshot.snapshotId());
    return IngestResult.alreadyCommitted(
        batch(batchId), snapshot.snapshotId(), Duration.between(start, clock.instant()));
  }

  private IngestResult.Batch batch(String batchId) {
    return new IngestResult.Batch(id.toString(), batchId, request.mode(), request.branch());
  }

  private static long summaryCount(Snapshot snapshot, String key) {
    String value = snapshot.summary() == null ? null : snapshot.summary().get(key);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
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
