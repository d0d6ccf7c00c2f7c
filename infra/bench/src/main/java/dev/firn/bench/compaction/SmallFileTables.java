package dev.firn.bench.compaction;

import dev.firn.bench.core.IngestSchema;
import dev.firn.bench.core.SyntheticRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * Creates tables of many small Parquet files with identical content: seeded synthetic rows (the
 * ingestion benchmark's), partitioned by country over a few countries, each file in one partition,
 * appended in one snapshot. The files are written once, for the first table, and copied byte for
 * byte into the others.
 */
record SmallFileTables(Catalog catalog, PrintStream progress) {
  static final List<String> COUNTRIES = List.of("DE", "FR", "JP", "US");
  static final PartitionSpec SPEC =
      PartitionSpec.builderFor(IngestSchema.SCHEMA).identity("country").build();
  // About what these rows take in zstd-compressed Parquet (Iceberg's default) in small files. Each
  // file's row count comes from the bytes per row of the files before it, so the total lands near
  // the size asked for without estimating sizes while writing.
  private static final double BYTES_PER_ROW_FIRST_GUESS = 46;
  private static final int COUNTRY_FIELD = 3;
  private static final int PROGRESS_FILES = 50;

  /** Creates each table with {@code files} files of about {@code totalBytes} together. */
  List<GeneratedTable> create(List<TableIdentifier> ids, int files, long totalBytes, long seed)
      throws IOException {
    List<Table> tables =
        ids.stream().map(id -> catalog.createTable(id, IngestSchema.SCHEMA, SPEC)).toList();
    List<AppendFiles> appends = tables.stream().map(Table::newAppend).toList();
    Table source = tables.get(0);
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(source).dataFileFormat(FileFormat.PARQUET).build();
    List<OutputFileFactory> outputs = tables.stream().map(SmallFileTables::outputs).toList();
    long bytes = 0;
    long rows = 0;
    for (int i = 0; i < files; i++) {
      double bytesPerRow = rows == 0 ? BYTES_PER_ROW_FIRST_GUESS : (double) bytes / rows;
      long fileRows = Math.max(1, (long) ((totalBytes - bytes) / (files - i) / bytesPerRow));
      PartitionKey partition = new PartitionKey(SPEC, IngestSchema.SCHEMA);
      DataFile file =
          write(
              writers,
              outputs.get(0),
              partition,
              i,
              new SyntheticRows(seed * 1_000_003L + i, rows),
              fileRows);
      appends.get(0).appendFile(file);
      for (int t = 1; t < tables.size(); t++) {
        appends.get(t).appendFile(copy(source, file, outputs.get(t), partition));
      }
      bytes += file.fileSizeInBytes();
      rows += fileRows;
      if ((i + 1) % PROGRESS_FILES == 0 || i + 1 == files) {
        progress.printf("  %d of %d files, %,d MB per table%n", i + 1, files, bytes >> 20);
      }
    }
    appends.forEach(AppendFiles::commit);
    return generated(ids, tables, files, bytes, rows);
  }

  private static List<GeneratedTable> generated(
      List<TableIdentifier> ids, List<Table> tables, int files, long bytes, long rows) {
    List<GeneratedTable> generated = new ArrayList<>();
    for (int t = 0; t < tables.size(); t++) {
      Table table = tables.get(t);
      table.refresh();
      generated.add(
          new GeneratedTable(
              ids.get(t),
              table.currentSnapshot().snapshotId(),
              files,
              bytes,
              rows,
              Math.min(files, COUNTRIES.size())));
    }
    return generated;
  }

  private static OutputFileFactory outputs(Table table) {
    return OutputFileFactory.builderFor(table, 1, 1).format(FileFormat.PARQUET).build();
  }

  private static DataFile write(
      GenericFileWriterFactory writers,
      OutputFileFactory outputs,
      PartitionKey partition,
      int index,
      SyntheticRows source,
      long rows)
      throws IOException {
    String country = COUNTRIES.get(index % COUNTRIES.size());
    DataWriter<Record> writer = null;
    for (long r = 0; r < rows; r++) {
      Record record = SyntheticRows.toRecord(source.next());
      record.set(COUNTRY_FIELD, country);
      if (writer == null) {
        partition.partition(record);
        writer = writers.newDataWriter(outputs.newOutputFile(SPEC, partition), SPEC, partition);
      }
      writer.write(record);
    }
    writer.close();
    return writer.toDataFile();
  }

  private static DataFile copy(
      Table source, DataFile file, OutputFileFactory outputs, PartitionKey partition) {
    EncryptedOutputFile encrypted = outputs.newOutputFile(SPEC, partition);
    OutputFile target = encrypted.encryptingOutputFile();
    try (InputStream in = source.io().newInputFile(file.location()).newStream();
        OutputStream out = target.createOrOverwrite()) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + file.location(), e);
    }
    return DataFiles.builder(SPEC).copy(file).withPath(target.location()).build();
  }
}
