package dev.firn.writer;

import dev.firn.writer.input.SourceFormat;
import dev.firn.writer.input.SourceOptions;
import dev.firn.writer.load.BatchPart;
import dev.firn.writer.load.IngestRequest;
import dev.firn.writer.load.IngestRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;

/**
 * One load of a batch into a table, configured fluently. {@link #apply()} works out what the load
 * would do and changes nothing; {@link #commit()} does it: creates or evolves the table, writes
 * Parquet files, and commits them as one snapshot stamped with the batch id. Committing a batch
 * already in the table's history does nothing and reports the earlier snapshot.
 */
public final class Ingest {
  private final TableWriter writer;
  private final TableIdentifier table;
  private final List<String> locations = new ArrayList<>();
  private final List<BatchPart> records = new ArrayList<>();
  private SourceFormat format;
  private SourceOptions options = SourceOptions.defaults();
  private String batchId;
  private WriteMode mode = WriteMode.APPEND;
  private List<String> keys = List.of();
  private String filter;
  private boolean createIfMissing;
  private Schema schema;
  private List<String> partitionBy;
  private int formatVersion = 2;
  private final Map<String, String> tableProperties = new HashMap<>();
  private String branch = SnapshotRef.MAIN_BRANCH;
  private SchemaMode schemaMode = SchemaMode.ADDITIVE;
  private BadRowPolicy badRows = BadRowPolicy.FAIL;
  private BadRowLimit badRowLimit = BadRowLimit.NONE;
  private DeadLetters deadLetters;
  private IngestProgress progress = IngestProgress.NONE;
  private int threads = Runtime.getRuntime().availableProcessors();

  Ingest(TableWriter writer, TableIdentifier table) {
    this.writer = writer;
    this.table = table;
  }

  /** Input files: paths, directories, globs, or {@code s3://} URIs. */
  public Ingest files(List<String> inputs) {
    locations.addAll(inputs);
    return this;
  }

  /** The format of the files; by default each file's extension says. */
  public Ingest format(SourceFormat inputFormat) {
    this.format = inputFormat;
    return this;
  }

  public Ingest options(SourceOptions sourceOptions) {
    this.options = Objects.requireNonNull(sourceOptions);
    return this;
  }

  /** Iceberg records of a schema, from the calling process. */
  public Ingest records(Schema recordSchema, Iterable<Record> rows) {
    records.add(BatchPart.records(recordSchema, rows));
    return this;
  }

  /** Avro records of a schema, from the calling process. */
  public Ingest avroRecords(org.apache.avro.Schema recordSchema, Iterable<GenericRecord> rows) {
    records.add(BatchPart.avro(recordSchema, rows));
    return this;
  }

  /** The batch id; by default one derived from the inputs' content and the target. */
  public Ingest batchId(String id) {
    if (id != null && id.isBlank()) {
      throw new IllegalArgumentException("Invalid batch id: it is blank");
    }
    this.batchId = id;
    return this;
  }

  public Ingest mode(WriteMode writeMode) {
    this.mode = Objects.requireNonNull(writeMode);
    return this;
  }

  /** The key columns of an upsert or a delete. */
  public Ingest keys(List<String> keyColumns) {
    this.keys = List.copyOf(keyColumns);
    return this;
  }

  /** For an overwrite: replace the rows matching this filter instead of the touched partitions. */
  public Ingest overwriteFilter(String rowFilter) {
    this.filter = rowFilter;
    return this;
  }

  /** Create the table if it does not exist. */
  public Ingest createIfMissing(boolean create) {
    this.createIfMissing = create;
    return this;
  }

  /** How far the load may change the table's schema (additive by default). */
  public Ingest schemaMode(SchemaMode mode) {
    this.schemaMode = Objects.requireNonNull(mode);
    return this;
  }

  /**
   * The schema to create the table with, and to read text inputs with. On an existing table it is
   * applied as an evolution under the schema mode, or the load is refused.
   */
  public Ingest schema(Schema declared) {
    this.schema = declared;
    return this;
  }

  /**
   * The partition fields, as transforms ({@code day(ts)}, {@code bucket(16, id)}, {@code region}).
   * On an existing table with another spec, the load adds this spec first.
   */
  public Ingest partitionBy(List<String> fields) {
    this.partitionBy = List.copyOf(fields);
    return this;
  }

  /** The format version of a table the load creates (2 by default). */
  public Ingest formatVersion(int version) {
    if (version < 1 || version > 3) {
      throw new IllegalArgumentException("Invalid format version: " + version + " (1, 2 or 3)");
    }
    this.formatVersion = version;
    return this;
  }

  /** Properties of a table the load creates. */
  public Ingest tableProperties(Map<String, String> properties) {
    tableProperties.putAll(properties);
    return this;
  }

  /** Write to this branch instead of {@code main} (write-audit-publish). */
  public Ingest branch(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("Invalid branch: it is blank");
    }
    this.branch = name;
    return this;
  }

  /** How many bad rows {@code skip} or {@code dead-letter} may leave out before the load fails. */
  public Ingest maxBadRows(BadRowLimit limit) {
    this.badRowLimit = Objects.requireNonNull(limit);
    return this;
  }

  public Ingest badRows(BadRowPolicy policy) {
    this.badRows = Objects.requireNonNull(policy);
    return this;
  }

  /**
   * Where rejected rows go under the dead-letter policy: {@link DeadLetters#toFile} or {@link
   * DeadLetters#toTable}.
   */
  public Ingest deadLetters(DeadLetters target) {
    this.deadLetters = target;
    return this;
  }

  /**
   * How many inputs are read and written at once (default: one per core). Each worker writes its
   * own files; an upsert always uses one.
   */
  public Ingest threads(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("Invalid threads: " + workers + " (must be >= 1)");
    }
    this.threads = workers;
    return this;
  }

  public Ingest progress(IngestProgress listener) {
    this.progress = Objects.requireNonNull(listener);
    return this;
  }

  /** What the load would do; nothing changes. */
  public IngestPlan apply() {
    return run().plan();
  }

  /** Loads the batch: executes the plan {@link #apply()} returns, worked out the same way. */
  public IngestResult commit() {
    return run().run();
  }

  private IngestRun run() {
    return new IngestRun(writer.catalog(), writer::inputIo, writer.clock(), request());
  }

  /** The load as configured now: later changes to this builder do not reach a running load. */
  IngestRequest request() {
    return new IngestRequest(
        table,
        List.copyOf(locations),
        List.copyOf(records),
        format,
        options,
        batchId,
        mode,
        keys,
        filter,
        createIfMissing,
        schema,
        partitionBy,
        formatVersion,
        Map.copyOf(tableProperties),
        branch,
        schemaMode,
        badRows,
        badRowLimit,
        deadLetters,
        progress,
        threads);
  }
}
