package dev.firn.writer.load;

import dev.firn.writer.WriteMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.RollingEqualityDeleteWriter;
import org.apache.iceberg.util.PropertyUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch's rows as Parquet files in the table's location: data files through one rolling
 * writer per partition, and for upserts and deletes equality delete files on the key columns.
 * Upserts keep the last row of each key in the batch, so a key appears once in what they add.
 */
final class RowWriting {
  private static final Logger LOG = LoggerFactory.getLogger(RowWriting.class);

  private final Table table;
  private final WriteMode mode;
  private final Schema schema;
  private final Schema keySchema;
  private final long targetFileSize;
  private final OutputFileFactory files;
  private final FanoutDataWriter<Record> data;
  private final GenericFileWriterFactory deleteWriters;
  private final Map<PartitionKey, RollingEqualityDeleteWriter<Record>> deletes = new HashMap<>();
  private final Map<List<Object>, Record> upserts = new LinkedHashMap<>();
  private final PartitionKey partition;
  private final InternalRecordWrapper wrapper;
  private final PartitionKey keyPartition;
  private final InternalRecordWrapper keyWrapper;
  private final List<ContentFile<?>> written = new ArrayList<>();
  private long rows;

  RowWriting(Table table, WriteMode mode, List<String> keys, String operationId) {
    this(table, mode, keys, operationId, 1);
  }

  /** A writer whose files are told apart from other workers' by {@code worker}. */
  RowWriting(Table table, WriteMode mode, List<String> keys, String operationId, int worker) {
    this.table = table;
    this.mode = mode;
    this.schema = table.schema();
    this.targetFileSize =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    this.files =
        OutputFileFactory.builderFor(table, worker, 1)
            .format(FileFormat.PARQUET)
            .operationId(operationId)
            .build();
    this.data =
        new FanoutDataWriter<>(
            new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build(),
            files,
            table.io(),
            targetFileSize);
    this.partition = new PartitionKey(table.spec(), schema);
    this.wrapper = new InternalRecordWrapper(schema.asStruct());
    if (keys.isEmpty()) {
      this.keySchema = null;
      this.deleteWriters = null;
      this.keyPartition = null;
      this.keyWrapper = null;
    } else {
      this.keySchema = schema.select(keys);
      this.deleteWriters =
          new GenericFileWriterFactory.Builder(table)
              .deleteFileFormat(FileFormat.PARQUET)
              .equalityFieldIds(keySchema.columns().stream().mapToInt(f -> f.fieldId()).toArray())
              .equalityDeleteRowSchema(keySchema)
              .build();
      this.keyPartition = new PartitionKey(table.spec(), keySchema);
      this.keyWrapper = new InternalRecordWrapper(keySchema.asStruct());
    }
  }

  /** The schema rows must have: the table's, or only the keys for a delete. */
  Schema rowSchema() {
    return mode == WriteMode.DELETE ? keySchema : schema;
  }

  void write(Record row) {
    rows++;
    switch (mode) {
      case APPEND, OVERWRITE -> writeData(row);
      case UPSERT -> upserts.put(keyOf(row), row);
      case DELETE -> writeDelete(row);
    }
  }

  long rows() {
    return mode == WriteMode.UPSERT ? upserts.size() : rows;
  }

  /** Closes every writer; the files written so far are then in {@link #dataFiles}. */
  void finish() {
    try {
      for (Record row : upserts.values()) {
        writeData(row);
        writeDelete(keyRecord(row));
      }
      data.close();
      data.result().dataFiles().forEach(written::add);
      for (RollingEqualityDeleteWriter<Record> writer : deletes.values()) {
        writer.close();
        writer.result().deleteFiles().forEach(written::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write data files of " + table.name(), e);
    }
  }

  List<DataFile> dataFiles() {
    return written.stream().filter(f -> f instanceof DataFile).map(f -> (DataFile) f).toList();
  }

  List<DeleteFile> deleteFiles() {
    return written.stream().filter(f -> f instanceof DeleteFile).map(f -> (DeleteFile) f).toList();
  }

  long bytesWritten() {
    return written.stream().mapToLong(ContentFile::fileSizeInBytes).sum();
  }

  /** Deletes every file written: the commit definitely did not happen. */
  void discard() {
    try {
      data.close();
      data.result().dataFiles().forEach(written::add);
      for (RollingEqualityDeleteWriter<Record> writer : deletes.values()) {
        writer.close();
        writer.result().deleteFiles().forEach(written::add);
      }
    } catch (IOException | RuntimeException e) {
      // Already closed or failed: the files known so far are still deleted below.
    }
    // After finish() the writers report their files a second time: each is deleted once. One file
    // that cannot be deleted, or that the table's fence refuses, keeps no other.
    written.stream().map(ContentFile::location).distinct().forEach(this::deleteWritten);
    written.clear();
  }

  private void deleteWritten(String location) {
    try {
      table.io().deleteFile(location);
    } catch (RuntimeException e) {
      LOG.warn("Cannot delete {} written for {}: {}", location, table.name(), e.toString());
    }
  }

  private void writeData(Record row) {
    partition.partition(wrapper.wrap(row));
    data.write(row, table.spec(), partition);
  }

  private void writeDelete(Record key) {
    keyPartition.partition(keyWrapper.wrap(key));
    RollingEqualityDeleteWriter<Record> writer = deletes.get(keyPartition);
    if (writer == null) {
      PartitionKey copy = keyPartition.copy();
      writer =
          new RollingEqualityDeleteWriter<>(
              deleteWriters, files, table.io(), targetFileSize, table.spec(), copy);
      deletes.put(copy, writer);
    }
    writer.write(key);
  }

  private Record keyRecord(Record row) {
    Record key = GenericRecord.create(keySchema);
    for (int i = 0; i < keySchema.columns().size(); i++) {
      key.set(i, row.getField(keySchema.columns().get(i).name()));
    }
    return key;
  }

  private List<Object> keyOf(Record row) {
    Object[] values = new Object[keySchema.columns().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = row.getField(keySchema.columns().get(i).name());
    }
    return Arrays.asList(values);
  }
}
