package dev.firn.writer.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.firn.boundary.FencedTable;
import dev.firn.writer.TableWriter;
import dev.firn.writer.WriteMode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;

/**
 * Where rejected rows go under the dead-letter policy: a newline-delimited JSON file, or an Iceberg
 * table (created on first use) that gets one append per batch.
 */
interface DeadLetterSink {
  /** The columns of a dead-letter table. */
  Schema TABLE_SCHEMA =
      new Schema(
          Types.NestedField.required(1, "batch_id", Types.StringType.get()),
          Types.NestedField.required(2, "target", Types.StringType.get()),
          Types.NestedField.required(3, "position", Types.StringType.get()),
          Types.NestedField.required(4, "reason", Types.StringType.get()),
          Types.NestedField.optional(5, "raw", Types.StringType.get()),
          Types.NestedField.required(6, "rejected_at", Types.TimestampType.withZone()));

  void add(String position, String reason, String raw);

  /** Makes the rejected rows durable; called once the batch itself is committed. */
  void commit(String batchId);

  /** A file of JSON lines with the position, reason and raw text of each rejected row. */
  static DeadLetterSink file(OutputFile output, String target) {
    return new Buffered() {
      @Override
      public void commit(String batchId) {
        if (rows.isEmpty()) {
          return;
        }
        try (OutputStream out = output.createOrOverwrite();
            JsonGenerator json = new JsonFactory().createGenerator(out)) {
          for (String[] row : rows) {
            json.writeStartObject();
            json.writeStringField("batch_id", batchId);
            json.writeStringField("target", target);
            json.writeStringField("position", row[0]);
            json.writeStringField("reason", row[1]);
            json.writeStringField("raw", row[2]);
            json.writeEndObject();
            json.writeRaw('\n');
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot write dead letters to " + output.location(), e);
        }
      }
    };
  }

  /** An Iceberg table of rejected rows, created with {@link #TABLE_SCHEMA} when missing. */
  static DeadLetterSink table(Catalog catalog, TableIdentifier id, String target, Clock clock) {
    return new Buffered() {
      @Override
      public void commit(String batchId) {
        if (rows.isEmpty()) {
          return;
        }
        Table table =
            FencedTable.of(
                    catalog.tableExists(id)
                        ? catalog.loadTable(id)
                        : catalog.createTable(id, TABLE_SCHEMA))
                .table();
        RowWriting writing = new RowWriting(table, WriteMode.APPEND, List.of(), batchId);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        for (String[] row : rows) {
          Record record = GenericRecord.create(table.schema());
          record.setField("batch_id", batchId);
          record.setField("target", target);
          record.setField("position", row[0]);
          record.setField("reason", row[1]);
          record.setField("raw", row[2]);
          record.setField("rejected_at", now);
          writing.write(record);
        }
        writing.finish();
        AppendFiles append = table.newAppend().set(TableWriter.BATCH_ID, batchId);
        writing.dataFiles().forEach(append::appendFile);
        append.commit();
      }
    };
  }

  /** Keeps rejected rows (position, reason, raw text) until the batch is committed. */
  abstract class Buffered implements DeadLetterSink {
    final List<String[]> rows = new ArrayList<>();

    @Override
    public void add(String position, String reason, String raw) {
      rows.add(new String[] {position, reason, raw});
    }
  }
}
