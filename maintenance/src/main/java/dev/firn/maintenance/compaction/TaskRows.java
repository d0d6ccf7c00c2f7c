package dev.firn.maintenance.compaction;

import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.avro.PlannedDataReader;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.PartitionUtil;

/**
 * The live rows of one file scan task: the whole split, with its position deletes, equality deletes
 * and deletion vector applied. Rows stream from the file; nothing is held beyond the readers' own
 * buffers and the task's delete sets.
 */
final class TaskRows {
  private TaskRows() {}

  /**
   * Opens the rows of a task. Each row holds the table's columns first, in schema order, and may
   * carry a trailing row-position column the delete filter needed.
   */
  static CloseableIterable<Record> open(FileIO io, FileScanTask task, Schema schema) {
    GenericDeleteFilter deletes = new GenericDeleteFilter(io, task, schema, schema);
    Schema read = deletes.requiredSchema();
    Map<Integer, ?> constants =
        PartitionUtil.constantsMap(task, IdentityPartitionConverters::convertConstant);
    InputFile input = io.newInputFile(task.file());
    CloseableIterable<Record> rows =
        switch (task.file().format()) {
          case PARQUET ->
              Parquet.read(input)
                  .project(read)
                  .split(task.start(), task.length())
                  .createReaderFunc(
                      fileSchema -> GenericParquetReaders.buildReader(read, fileSchema, constants))
                  .build();
          case AVRO ->
              Avro.read(input)
                  .project(read)
                  .split(task.start(), task.length())
                  .createResolvingReader(fileSchema -> PlannedDataReader.create(read, constants))
                  .build();
          default ->
              throw new UnsupportedOperationException(
                  "Cannot compact "
                      + task.file().location()
                      + ": "
                      + task.file().format()
                      + " data files are not supported (Parquet and Avro are)");
        };
    return deletes.filter(rows);
  }
}
