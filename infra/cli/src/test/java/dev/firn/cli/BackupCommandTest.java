package dev.firn.cli;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.cli.CommandRuns.Run;
import dev.firn.testing.TableRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code firn backup} copies the SQLite catalog database while {@code firn serve} runs; the copy,
 * put back after the database is lost, serves every table at the state it had when copied.
 */
class BackupCommandTest {
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));

  @Test
  void aCopyTakenWhileServingRestoresEveryTableAsItWas(@TempDir Path dir, @TempDir Path elsewhere)
      throws Exception {
    Path copy = elsewhere.resolve("catalog-copy.db");
    Map<TableIdentifier, Long> atBackup = new HashMap<>();
    List<TableIdentifier> tables = TABLES;
    try (ServeStack stack = CommandRuns.startEmbedded(dir);
        RESTCatalog client = CommandRuns.client(stack)) {
      atBackup.putAll(seed(client, tables));

      Run backup =
          CommandRuns.firn(
              Firn.commandLine(), "backup", copy.toString(), "--data-dir", dir.toString());
      assertThat(backup.exit()).as(backup.err()).isZero();
      assertThat(backup.out()).contains("Copied the catalog database").contains(copy.toString());

      // Work after the copy, which the copy does not hold.
      TableRows.append(client.loadTable(tables.get(0)), TableRows.numbered(SCHEMA, 100, 101));
      Run again =
          CommandRuns.firn(
              Firn.commandLine(), "backup", copy.toString(), "--data-dir", dir.toString());
      assertThat(again.exit()).isEqualTo(ExitCode.USAGE);
      assertThat(again.err()).contains("exists: name a new file");
    }

    // The database is lost; the copy goes in its place.
    for (String name : List.of("catalog.db", "catalog.db-wal", "catalog.db-shm")) {
      Files.deleteIfExists(dir.resolve(name));
    }
    Files.copy(copy, dir.resolve("catalog.db"), StandardCopyOption.REPLACE_EXISTING);
    try (ServeStack restored = CommandRuns.startEmbedded(dir);
        RESTCatalog client = CommandRuns.client(restored)) {
      assertAsSeeded(client, atBackup);
    }
  }

  /** Three tables in three zones with three commits of one row each: their snapshots. */
  static Map<TableIdentifier, Long> seed(RESTCatalog client, List<TableIdentifier> tables) {
    client.createNamespace(Namespace.of("cleaned", "crm"));
    Map<TableIdentifier, Long> snapshots = new HashMap<>();
    long row = 0;
    for (TableIdentifier id : tables) {
      Table table = client.createTable(id, SCHEMA);
      for (int commit = 0; commit < 3; commit++, row++) {
        TableRows.append(table, TableRows.numbered(SCHEMA, row, row + 1));
      }
      snapshots.put(id, client.loadTable(id).currentSnapshot().snapshotId());
    }
    return snapshots;
  }

  /** Every seeded table at the snapshot it had, with its three rows. */
  static void assertAsSeeded(RESTCatalog client, Map<TableIdentifier, Long> snapshots) {
    snapshots.forEach(
        (id, snapshot) -> {
          Table table = client.loadTable(id);
          assertThat(table.currentSnapshot().snapshotId()).as(id.toString()).isEqualTo(snapshot);
          assertThat(TableRows.read(table)).as(id.toString()).hasSize(3);
        });
  }

  /** The seeded tables: one in each zone. */
  static final List<TableIdentifier> TABLES =
      List.of(
          TableIdentifier.of("raw", "orders"),
          TableIdentifier.of(Namespace.of("cleaned", "crm"), "customers"),
          TableIdentifier.of("curated", "daily"));

  @Test
  void saysWhatToDoWhenThereIsNothingToCopyOrTheDatabaseIsPostgres(@TempDir Path dir) {
    Run missing =
        CommandRuns.firn(
            Firn.commandLine(),
            "backup",
            dir.resolve("x.db").toString(),
            "--data-dir",
            dir.resolve("none").toString());
    assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(missing.err()).contains("No catalog database at");
    Run postgres =
        CommandRuns.firn(
            Firn.commandLine(),
            "backup",
            dir.resolve("y.db").toString(),
            "--database-url",
            "jdbc:postgresql://127.0.0.1:5432/firn");
    assertThat(postgres.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(postgres.err()).contains("pg_dump");
  }
}
