package dev.firn.cli;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.testing.TableRows;
import dev.firn.vocabulary.Zone;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code firn serve} on its embedded defaults, driven by Iceberg's Java client that is given the
 * catalog URI and the root credential {@code firn serve} wrote to its data folder.
 */
class EmbeddedServeTest {
  private static final List<Namespace> ZONES =
      Arrays.stream(Zone.values()).map(Zone::namespace).toList();
  private static final Schema FIRST_SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "event", Types.StringType.get()),
          required(3, "ts", Types.TimestampType.withZone()));

  @Test
  void servesZonesOnEmbeddedDefaultsAndKeepsEverythingAcrossARestart(@TempDir Path dataDir)
      throws Exception {
    // Only the data folder and free ports differ from a bare `firn serve`.
    Map<String, String> options =
        Map.of(
            ServeConfig.DATA_DIR, dataDir.toString(),
            ServeConfig.CATALOG_PORT, "0",
            ServeConfig.MANAGEMENT_PORT, "0",
            ServeConfig.StorageConfig.EMBEDDED_PORT, "0");
    Map<Namespace, List<Record>> expected = new HashMap<>();

    try (ServeStack stack = start(options);
        RESTCatalog client = clientOf(stack)) {
      assertThat(client.listNamespaces()).containsAll(ZONES);
      for (Namespace zone : ZONES) {
        TableIdentifier id = TableIdentifier.of(zone, "events");
        Table table =
            client
                .buildTable(id, FIRST_SCHEMA)
                .withPartitionSpec(PartitionSpec.builderFor(FIRST_SCHEMA).day("ts").build())
                .create();
        assertThat(table.location()).startsWith("s3://warehouse/" + zone.level(0) + "/events-");

        List<Record> first = rows(table.schema(), zone.level(0), 0, 20, null);
        TableRows.append(table, first);

        table.updateSchema().addColumn("country", Types.StringType.get()).commit();
        table.updateSpec().addField("country").commit();
        List<Record> second = rows(table.schema(), zone.level(0), 20, 30, "NO");
        TableRows.append(table, second);

        List<Record> all = new ArrayList<>(withCountry(table.schema(), first));
        all.addAll(second);
        assertThat(TableRows.read(table)).containsExactlyInAnyOrderElementsOf(all);
        expected.put(zone, all);
      }
    }

    try (ServeStack stack = start(options);
        RESTCatalog client = clientOf(stack)) {
      assertThat(client.listNamespaces()).containsAll(ZONES);
      for (Namespace zone : ZONES) {
        assertThat(client.listTables(zone)).containsExactly(TableIdentifier.of(zone, "events"));
        Table table = client.loadTable(TableIdentifier.of(zone, "events"));
        assertThat(table.schema().findField("country")).isNotNull();
        assertThat(table.spec().fields()).hasSize(2);
        assertThat(table.specs()).hasSize(2);
        assertThat(table.snapshots()).hasSize(2);
        assertThat(TableRows.read(table)).containsExactlyInAnyOrderElementsOf(expected.get(zone));
      }
    }
  }

  private static ServeStack start(Map<String, String> options) {
    return ServeStack.start(ServeConfig.from(Settings.load(null, Map.of(), options)));
  }

  private static RESTCatalog clientOf(ServeStack stack) {
    return CommandRuns.client(stack);
  }

  private static List<Record> rows(Schema schema, String zone, int from, int to, String country) {
    List<Record> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Record row = GenericRecord.create(schema);
      row.setField("id", (long) i);
      row.setField("event", i % 7 == 0 ? null : zone + "-" + i);
      row.setField("ts", OffsetDateTime.of(2026, 11, 1 + i % 3, i % 24, 0, 0, 0, ZoneOffset.UTC));
      if (country != null) {
        row.setField("country", country);
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<Record> withCountry(Schema schema, List<Record> rows) {
    List<Record> result = new ArrayList<>();
    for (Record old : rows) {
      Record row = GenericRecord.create(schema);
      for (Types.NestedField field : old.struct().fields()) {
        row.setField(field.name(), old.getField(field.name()));
      }
      result.add(row);
    }
    return result;
  }
}
