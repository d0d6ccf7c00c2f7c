package dev.firn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/** Writes rows to a table as Parquet files and reads them back, through the table's FileIO. */
public final class TableRows {
  private TableRows() {}

  /** Writes the rows as Parquet data files and appends them in one commit. */
  public static void append(Table table, List<Record> rows) {
    AppendFiles append = table.newAppend();
    write(table, rows).forEach(append::appendFile);
    append.commit();
  }

  /** Writes the rows as Parquet data files in the table's location, committing nothing. */
  public static List<DataFile> write(Table table, List<Record> rows) {
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 1, System.nanoTime())
            .format(FileFormat.PARQUET)
            .build();
    FanoutDataWriter<Record> writer =
        new FanoutDataWriter<>(writers, files, table.io(), 128L * 1024 * 1024);
    PartitionKey key = new PartitionKey(table.spec(), table.schema());
    InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
    try {
      for (Record row : rows) {
        key.partition(wrapper.wrap(row));
        writer.write(row, table.spec(), key);
      }
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.result().dataFiles();
  }

  /** Every row of the table's current snapshot. */
  public static List<Record> read(Table table) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      records.forEach(r -> rows.add(r.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** Rows of a schema whose first column is a long, numbered {@code from} up to {@code to}. */
  public static List<Record> numbered(Schema schema, long from, long to) {
    String column = schema.columns().get(0).name();
    List<Record> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      Record row = GenericRecord.create(schema);
      row.setField(column, id);
      rows.add(row);
    }
    return rows;
  }

  /** The values of a long column of the rows, sorted. */
  public static List<Long> longs(List<Record> rows, String column) {
    return rows.stream().map(row -> (Long) row.getField(column)).sorted().toList();
  }
}
