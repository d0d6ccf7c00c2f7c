package dev.firn.maintenance.compaction;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.encryption.PlaintextEncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Compacts a file group by concatenating its files' Parquet row groups, byte for byte, into files
 * near the target size: no row is decoded or encoded. Only a group that needs nothing applied to
 * its rows qualifies: no delete files, no sort order, whole Parquet files of the output spec that
 * all share one Parquet schema matching the table's current schema, on an unencrypted table of
 * format version 1 or 2 (version 3 keeps row ids that a copy would renumber). The row groups keep
 * their sizes, so the new files hold many small row groups; what the copy saves is the decoding and
 * encoding that dominate a rewrite's cost.
 */
final class RowGroupCopy {
  /** One input file: where it is, its length and its footer. */
  private record Source(InputFile file, long length, ParquetMetadata footer) {}

  private final Table table;
  private final PartitionSpec spec;
  private final StructLike partition;
  private final MessageType fileSchema;
  private final List<Source> sources;

  private RowGroupCopy(
      Table table,
      PartitionSpec spec,
      StructLike partition,
      MessageType fileSchema,
      List<Source> sources) {
    this.table = table;
    this.spec = spec;
    this.partition = partition;
    this.fileSchema = fileSchema;
    this.sources = sources;
  }

  /**
   * A copy of the tasks' files, or empty when the group must be rewritten row by row. Reads each
   * file's footer.
   */
  static Optional<RowGroupCopy> of(Table table, PartitionSpec spec, List<FileScanTask> tasks)
      throws IOException {
    if (tasks.isEmpty()
        || TableUtil.formatVersion(table) > 2
        || table.sortOrder().isSorted()
        || !(table.encryption() instanceof PlaintextEncryptionManager)
        || !tasks.stream().allMatch(task -> wholePlainFile(task, spec))) {
      return Optional.empty();
    }
    FileIO io = table.io();
    List<Source> sources = new ArrayList<>();
    MessageType shared = null;
    for (FileScanTask task : tasks) {
      DataFile file = task.file();
      InputFile input =
          ParquetStreams.input(io.newInputFile(file.location(), file.fileSizeInBytes()));
      ParquetMetadata footer;
      try (ParquetFileReader reader = ParquetFileReader.open(input)) {
        footer = reader.getFooter();
      }
      MessageType schema = footer.getFileMetaData().getSchema();
      if (shared == null) {
        if (!ParquetSchemaUtil.convert(schema).asStruct().equals(table.schema().asStruct())) {
          return Optional.empty();
        }
        shared = schema;
      } else if (!shared.equals(schema)) {
        return Optional.empty();
      }
      sources.add(new Source(input, file.fileSizeInBytes(), footer));
    }
    return Optional.of(
        new RowGroupCopy(table, spec, tasks.get(0).file().partition(), shared, sources));
  }

  private static boolean wholePlainFile(FileScanTask task, PartitionSpec spec) {
    DataFile file = task.file();
    return task.deletes().isEmpty()
        && file.format() == FileFormat.PARQUET
        && file.specId() == spec.specId()
        && task.start() == 0
        && task.length() == file.fileSizeInBytes();
  }

  /** Writes the new files, not yet committed; on failure deletes what it wrote and rethrows. */
  List<DataFile> write(OutputFileFactory files, long targetFileSize) throws IOException {
    List<DataFile> written = new ArrayList<>();
    Target target = null;
    try {
      for (Source source : sources) {
        if (target != null && target.full(source.length(), targetFileSize)) {
          written.add(target.finish());
          target = null;
        }
        if (target == null) {
          target =
              new Target(
                  spec.isUnpartitioned()
                      ? files.newOutputFile()
                      : files.newOutputFile(spec, partition),
                  targetFileSize);
        }
        target.append(source);
      }
      if (target != null) {
        written.add(target.finish());
      }
      return written;
    } catch (IOException | RuntimeException e) {
      if (target != null) {
        target.abort();
      }
      UncommittedFiles.delete(table, written);
      throw e;
    }
  }

  /** One new file being filled with row groups. */
  private final class Target {
    private final EncryptedOutputFile file;
    private final ParquetStreams.Output output;
    private final ParquetFileWriter writer;
    private boolean empty = true;

    Target(EncryptedOutputFile file, long targetFileSize) throws IOException {
      this.file = file;
      this.output = new ParquetStreams.Output(file.encryptingOutputFile());
      this.writer =
          new ParquetFileWriter(
              output, fileSchema, ParquetFileWriter.Mode.OVERWRITE, targetFileSize, 0);
      writer.start();
    }

    /** Whether adding {@code bytes} more would take a non-empty file past the target. */
    boolean full(long bytes, long targetFileSize) {
      return !empty && output.length() + bytes > targetFileSize;
    }

    void append(Source source) throws IOException {
      try (SeekableInputStream in = source.file().newStream()) {
        writer.appendRowGroups(in, source.footer().getBlocks(), false);
      }
      empty = false;
    }

    DataFile finish() throws IOException {
      writer.end(Map.of("iceberg.schema", SchemaParser.toJson(table.schema())));
      ParquetMetadata footer = writer.getFooter();
      return DataFiles.builder(spec)
          .withPath(file.encryptingOutputFile().location())
          .withFormat(FileFormat.PARQUET)
          .withPartition(partition)
          .withFileSizeInBytes(output.length())
          .withMetrics(
              ParquetUtil.footerMetrics(footer, Stream.empty(), MetricsConfig.forTable(table)))
          .withSplitOffsets(ParquetUtil.getSplitOffsets(footer))
          .withSortOrder(SortOrder.unsorted())
          .build();
    }

    void abort() {
      try {
        writer.abort();
        writer.close();
      } catch (IOException | RuntimeException e) {
        // The first failure is what the caller reports; the file is deleted all the same.
      }
      UncommittedFiles.delete(table, file.encryptingOutputFile().location());
    }
  }
}
