package dev.firn.maintenance.compaction;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import dev.firn.testing.TableRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;

/** Rows, files and deletes for compaction tests. */
final class CompactionFixture {
  static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          required(2, "category", Types.StringType.get()),
          optional(3, "amount", Types.DoubleType.get()),
          optional(4, "note", Types.StringType.get()));
  static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("category").build();
  static final List<String> CATEGORIES = List.of("a", "b", "c", "d");

  private CompactionFixture() {}

  /** Rows with ids from {@code firstId}, spread evenly over the categories. */
  static List<Record> rows(long firstId, int count) {
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long id = firstId + i;
      Record row = GenericRecord.create(SCHEMA);
      row.setField("id", id);
      row.setField("category", CATEGORIES.get((int) (id % CATEGORIES.size())));
      row.setField("amount", id * 0.25);
      // Notes that barely compress, so file sizes reflect row counts.
      row.setField("note", id % 7 == 0 ? null : new UUID(id * 31, ~id).toString() + "-" + id);
      rows.add(row);
    }
    return rows;
  }

  /**
   * Appends {@code batches} batches of {@code rowsPerBatch} rows, one file per category each, in
   * commits of up to ten batches.
   */
  static void appendSmallFiles(Table table, int batches, int rowsPerBatch) {
    for (int first = 0; first < batches; first += 10) {
      AppendFiles append = table.newAppend();
      for (int batch = first; batch < Math.min(batches, first + 10); batch++) {
        TableRows.write(table, rows((long) batch * rowsPerBatch, rowsPerBatch))
            .forEach(append::appendFile);
      }
      append.commit();
    }
  }

  /** Every row of the table, as text, sorted: equal sets mean equal tables. */
  static TreeSet<String> contents(Table table) {
    table.refresh();
    TreeSet<String> rows = new TreeSet<>();
    for (Record row : TableRows.read(table)) {
      // Only the table's columns: a read may add a row-position column for position deletes.
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < SCHEMA.columns().size(); i++) {
        text.append(row.get(i)).append('|');
      }
      rows.add(text.toString());
    }
    return rows;
  }

  static List<Long> ids(Table table) {
    table.refresh();
    return TableRows.read(table).stream().map(row -> (Long) row.getField("id")).sorted().toList();
  }

  /** The live data files of the current snapshot. */
  static List<DataFile> dataFiles(Table table) {
    table.refresh();
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** The live delete files of the current snapshot. */
  static List<DeleteFile> deleteFiles(Table table) {
    table.refresh();
    List<DeleteFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> files.addAll(task.deletes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files.stream().distinct().toList();
  }

  /** Writes a deletion vector for rows of one data file of a v3 table; commits nothing. */
  static DeleteFile deletionVector(Table table, DataFile file, long... positions) {
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 8, System.nanoTime()).format(FileFormat.PUFFIN).build();
    BaseDVFileWriter writer = new BaseDVFileWriter(files, path -> null);
    try (writer) {
      for (long position : positions) {
        writer.delete(
            file.location(), position, table.specs().get(file.specId()), file.partition());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.result().deleteFiles().get(0);
  }

  /** Writes a position delete file for rows of one data file; commits nothing. */
  static DeleteFile positionDeletes(Table table, DataFile file, long... positions) {
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table).deleteFileFormat(FileFormat.PARQUET).build();
    EncryptedOutputFile output =
        OutputFileFactory.builderFor(table, 7, System.nanoTime())
            .format(FileFormat.PARQUET)
            .build()
            .newOutputFile(table.specs().get(file.specId()), file.partition());
    PositionDeleteWriter<Record> writer =
        writers.newPositionDeleteWriter(output, table.specs().get(file.specId()), file.partition());
    try (writer) {
      PositionDelete<Record> delete = PositionDelete.create();
      for (long position : positions) {
        writer.write(delete.set(file.location(), position));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDeleteFile();
  }
}
