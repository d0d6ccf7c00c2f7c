package dev.firn.maintenance.orphans;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.GenericBlobMetadata;
import org.apache.iceberg.GenericStatisticsFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.PartitionStatsHandler;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.puffin.Blob;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinWriter;

/** Writes the kinds of file a table can reference, the way engines write them. */
final class TableFiles {
  private TableFiles() {}

  /** A Parquet data file of rows of one partition, not yet committed. */
  static DataFile dataFile(Table table, List<Record> rows) {
    PartitionKey partition = new PartitionKey(table.spec(), table.schema());
    partition.partition(rows.get(0));
    GenericFileWriterFactory writers = new GenericFileWriterFactory.Builder(table).build();
    EncryptedOutputFile out =
        outputs(table, FileFormat.PARQUET).newOutputFile(table.spec(), partition);
    DataWriter<Record> writer = writers.newDataWriter(out, table.spec(), partition);
    try (writer) {
      rows.forEach(writer::write);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDataFile();
  }

  /** A position delete file that deletes one row of a data file, committed. */
  static DeleteFile commitPositionDelete(Table table, DataFile target, long position) {
    PartitionSpec spec = table.specs().get(target.specId());
    GenericFileWriterFactory writers = new GenericFileWriterFactory.Builder(table).build();
    EncryptedOutputFile out =
        outputs(table, FileFormat.PARQUET).newOutputFile(spec, target.partition());
    PositionDeleteWriter<Record> writer =
        writers.newPositionDeleteWriter(out, spec, target.partition());
    try (writer) {
      writer.write(PositionDelete.<Record>create().set(target.location(), position));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DeleteFile deletes = writer.toDeleteFile();
    table.newRowDelta().addDeletes(deletes).commit();
    return deletes;
  }

  /** A deletion vector (format v3) that deletes one row of a data file, committed. */
  static DeleteFile commitDeletionVector(Table table, DataFile target, long position) {
    BaseDVFileWriter writer = new BaseDVFileWriter(outputs(table, FileFormat.PUFFIN), path -> null);
    try (writer) {
      writer.delete(
          target.location(), position, table.specs().get(target.specId()), target.partition());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DeleteFile vector = writer.result().deleteFiles().get(0);
    table.newRowDelta().addDeletes(vector).commit();
    return vector;
  }

  /** A Puffin statistics file for the current snapshot, committed. */
  static StatisticsFile commitStatistics(Table table) {
    Snapshot snapshot = table.currentSnapshot();
    String location = table.location() + "/metadata/" + UUID.randomUUID() + ".stats";
    PuffinWriter writer =
        Puffin.write(table.io().newOutputFile(location)).createdBy("Firn tests").build();
    try (writer) {
      writer.add(
          new Blob(
              "firn-test-counts",
              List.of(1),
              snapshot.snapshotId(),
              snapshot.sequenceNumber(),
              ByteBuffer.wrap(new byte[] {1, 2, 3})));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StatisticsFile statistics =
        new GenericStatisticsFile(
            snapshot.snapshotId(),
            location,
            writer.fileSize(),
            writer.footerSize(),
            GenericBlobMetadata.from(writer.writtenBlobsMetadata()));
    table.updateStatistics().setStatistics(statistics).commit();
    return statistics;
  }

  /** Partition statistics of the current snapshot, committed. */
  static PartitionStatisticsFile commitPartitionStatistics(Table table) {
    try {
      PartitionStatisticsFile statistics = PartitionStatsHandler.computeAndWriteStatsFile(table);
      table.updatePartitionStatistics().setPartitionStatistics(statistics).commit();
      return statistics;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OutputFileFactory outputs(Table table, FileFormat format) {
    return OutputFileFactory.builderFor(table, 1, System.nanoTime()).format(format).build();
  }
}
