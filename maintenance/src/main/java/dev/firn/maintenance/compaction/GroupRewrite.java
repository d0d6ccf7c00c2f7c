package dev.firn.maintenance.compaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Rewrites one file group: streams its live rows into new data files of the output spec, rolling at
 * the target size. On a table with a sort order, rows are sorted in runs of at most {@code
 * sortRunRows}, and each run goes to files of its own, so every output file is sorted.
 */
final class GroupRewrite {
  private final Table table;
  private final Schema schema;
  private final PartitionSpec spec;
  private final long targetFileSize;
  private final int sortRunRows;
  private final OutputFileFactory files;
  private final GenericFileWriterFactory writers;
  private final Comparator<StructLike> order;
  private final boolean copyRowGroups;
  private boolean copied;

  GroupRewrite(
      Table table,
      int outputSpecId,
      long targetFileSize,
      int sortRunRows,
      int groupIndex,
      boolean copyRowGroups) {
    this.table = table;
    this.copyRowGroups = copyRowGroups;
    this.schema = table.schema();
    this.spec = table.specs().get(outputSpecId);
    this.targetFileSize = targetFileSize;
    this.sortRunRows = sortRunRows;
    this.files =
        OutputFileFactory.builderFor(table, groupIndex, System.nanoTime())
            .format(FileFormat.PARQUET)
            .operationId("compaction")
            .build();
    SortOrder sortOrder = table.sortOrder();
    GenericFileWriterFactory.Builder builder =
        new GenericFileWriterFactory.Builder(table)
            .dataFileFormat(FileFormat.PARQUET)
            .dataSchema(schema)
            .writerProperties(
                Map.of(
                    TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES,
                    Long.toString(rowGroupSize(table, targetFileSize))));
    if (sortOrder.isSorted()) {
      builder.dataSortOrder(sortOrder);
      this.order = SortOrderComparators.forSchema(schema, sortOrder);
    } else {
      this.order = null;
    }
    this.writers = builder.build();
  }

  private static long rowGroupSize(Table table, long targetFileSize) {
    long configured =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES,
            TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES_DEFAULT);
    return Math.max(1, Math.min(configured, targetFileSize / 4));
  }

  /**
   * Writes the live rows of the tasks and returns the new files, not yet committed. A group with
   * nothing to apply to its rows has its Parquet row groups copied instead, when allowed.
   */
  List<DataFile> write(List<FileScanTask> tasks) {
    if (copyRowGroups) {
      try {
        Optional<RowGroupCopy> copy = RowGroupCopy.of(table, spec, tasks);
        if (copy.isPresent()) {
          List<DataFile> written = copy.get().write(files, targetFileSize);
          copied = true;
          return written;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot copy row groups of " + table.name(), e);
      }
    }
    return rewrite(tasks);
  }

  /** Whether the last write copied row groups rather than rewriting rows. */
  boolean copied() {
    return copied;
  }

  private List<DataFile> rewrite(List<FileScanTask> tasks) {
    List<DataFile> written = new ArrayList<>();
    Output output = new Output(written);
    try {
      for (FileScanTask task : tasks) {
        try (CloseableIterable<Record> rows = TaskRows.open(table.io(), task, schema)) {
          for (Record row : rows) {
            output.add(row);
          }
        }
      }
      output.finish();
    } catch (IOException e) {
      output.abandon();
      throw new UncheckedIOException("Cannot rewrite files of " + table.name(), e);
    } catch (RuntimeException e) {
      output.abandon();
      throw e;
    }
    return written;
  }

  /** Files being written: one sorted run's worth, or everything for an unsorted table. */
  private final class Output {
    private final List<DataFile> written;
    private final PartitionKey partition = new PartitionKey(spec, schema);
    private final InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
    private final List<Record> run = new ArrayList<>();
    private FanoutDataWriter<Record> writer;

    Output(List<DataFile> written) {
      this.written = written;
    }

    void add(Record row) throws IOException {
      if (order == null) {
        append(row);
        return;
      }
      run.add(row.copy());
      if (run.size() >= sortRunRows) {
        flushRun();
      }
    }

    void finish() throws IOException {
      if (order != null) {
        flushRun();
      }
      closeWriter();
    }

    void abandon() {
      try {
        closeWriter();
      } catch (IOException | RuntimeException e) {
        // The caller reports the first failure; the files are deleted below either way.
      }
      UncommittedFiles.delete(table, written);
      written.clear();
    }

    private void flushRun() throws IOException {
      InternalRecordWrapper left = new InternalRecordWrapper(schema.asStruct());
      InternalRecordWrapper right = new InternalRecordWrapper(schema.asStruct());
      run.sort((a, b) -> order.compare(left.wrap(a), right.wrap(b)));
      for (Record row : run) {
        append(row);
      }
      run.clear();
      // Each sorted run ends its files, so no file mixes two runs.
      closeWriter();
    }

    private void append(Record row) {
      if (writer == null) {
        writer = new FanoutDataWriter<>(writers, files, table.io(), targetFileSize);
      }
      partition.partition(wrapper.wrap(row));
      writer.write(row, spec, partition);
    }

    private void closeWriter() throws IOException {
      if (writer != null) {
        FanoutDataWriter<Record> closing = writer;
        writer = null;
        closing.close();
        DataWriteResult result = closing.result();
        written.addAll(result.dataFiles());
      }
    }
  }
}
