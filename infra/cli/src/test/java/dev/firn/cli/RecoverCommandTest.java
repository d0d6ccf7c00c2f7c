package dev.firn.cli;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.cli.CommandRuns.Run;
import dev.firn.testing.TableRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code firn recover} rebuilds a lost SQLite catalog database from the warehouse: every table,
 * view and namespace as a client saw it, and nothing when a table's newest state is unclear.
 */
class RecoverCommandTest {
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));

  @Test
  void aLostDatabaseComesBackWithEveryTableAtItsNewestCommit(@TempDir Path dir) throws Exception {
    LakeForRecovery.Seen before;
    try (ServeStack stack = CommandRuns.startEmbedded(dir);
        RESTCatalog client = CommandRuns.client(stack)) {
      LakeForRecovery.seed(client);
      before = LakeForRecovery.see(client);
    }
    assertThat(before.tables()).hasSize(52);
    assertThat(before.views()).hasSize(1);
    loseDatabase(dir);

    // Started on the lost database first, a node leaves the journal as it is.
    try (ServeStack stack = CommandRuns.startEmbedded(dir);
        RESTCatalog client = CommandRuns.client(stack)) {
      assertThat(stack.catalog().journal().held()).isTrue();
      assertThat(LakeForRecovery.see(client).tables()).isEmpty();
    }

    Run dryRun = recover(dir, "--dry-run");
    assertThat(dryRun.exit()).as(dryRun.out() + dryRun.err()).isZero();
    assertThat(dryRun.out()).contains("Would restore").contains("52 tables and 1 views");
    Run recovered = recover(dir);
    assertThat(recovered.exit()).as(recovered.out() + recovered.err()).isZero();
    assertThat(recovered.out())
        .contains("Restored")
        .contains("cleaned.crm.from_raw")
        .contains("principals, roles and grants");
    assertThat(recovered.out()).doesNotContain("curated.sales.t06");
    Run again = recover(dir);
    assertThat(again.exit()).as("a second run finds everything in place: " + again.out()).isZero();

    try (ServeStack stack = CommandRuns.startEmbedded(dir);
        RESTCatalog client = CommandRuns.client(stack)) {
      assertThat(stack.catalog().journal().held()).isFalse();
      LakeForRecovery.Seen after = LakeForRecovery.see(client);
      assertThat(after.tables()).isEqualTo(before.tables());
      assertThat(after.views()).isEqualTo(before.views());
      assertThat(after.namespaces()).isEqualTo(before.namespaces());
      // The recovered catalog takes commits, also to a table renamed across zones.
      Table moved = client.loadTable(LakeForRecovery.id("cleaned.crm.from_raw"));
      TableRows.append(moved, TableRows.numbered(moved.schema(), 500, 501));
      assertThat(TableRows.read(client.loadTable(LakeForRecovery.id("cleaned.crm.from_raw"))))
          .hasSize(2);
    }
  }

  @Test
  void aCommitThatMayNotHaveAppliedIsDecidedByTheUserNotGuessed(@TempDir Path dir)
      throws Exception {
    TableIdentifier unclear = TableIdentifier.of("raw", "events");
    TableIdentifier clear = TableIdentifier.of("raw", "clicks");
    String committed;
    String attempt;
    try (ServeStack stack = CommandRuns.startEmbedded(dir);
        RESTCatalog client = CommandRuns.client(stack)) {
      for (TableIdentifier id : List.of(unclear, clear)) {
        Table table = client.createTable(id, SCHEMA);
        TableRows.append(table, TableRows.numbered(SCHEMA, 0, 1));
        TableRows.append(table, TableRows.numbered(SCHEMA, 1, 2));
      }
      // A node wrote the next version's metadata file and died before its swap: the file is there,
      // made from the newest commit, and nothing says whether it was committed.
      Table table = client.loadTable(unclear);
      TableMetadata current = ((HasTableOperations) table).operations().current();
      committed = current.metadataFileLocation();
      attempt =
          committed.substring(0, committed.lastIndexOf('/') + 1)
              + String.format("%05d-%s.metadata.json", 3, UUID.randomUUID());
      TableMetadata next =
          TableMetadata.buildFrom(current).setProperties(Map.of("attempt", "yes")).build();
      TableMetadataParser.write(next, table.io().newOutputFile(attempt));
    }
    loseDatabase(dir);

    Run refused = recover(dir);
    assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(ExitCode.REJECTED_INPUT);
    assertThat(refused.out())
        .contains("raw.events: its last commit may not have applied")
        .contains("--choose raw.events=" + committed)
        .contains("--choose raw.events=" + attempt)
        .contains("No table, view or namespace was restored");
    try (ServeStack stack = CommandRuns.startEmbedded(dir);
        RESTCatalog client = CommandRuns.client(stack)) {
      assertThat(client.tableExists(clear)).as("a refusal writes nothing").isFalse();
    }

    Run chosen = recover(dir, "--choose", "raw.events=" + attempt);
    assertThat(chosen.exit()).as(chosen.out() + chosen.err()).isZero();
    try (ServeStack stack = CommandRuns.startEmbedded(dir);
        RESTCatalog client = CommandRuns.client(stack)) {
      assertThat(client.loadTable(unclear).properties()).containsEntry("attempt", "yes");
      assertThat(TableRows.read(client.loadTable(clear))).hasSize(2);
    }
  }

  @Test
  void saysWhatToDoWhenServeRunsOrANameIsNoTable(@TempDir Path dir) {
    try (ServeStack stack = CommandRuns.startEmbedded(dir)) {
      Run busy = recover(dir);
      assertThat(busy.exit()).isEqualTo(ExitCode.USAGE);
      assertThat(busy.err()).contains("stop it before firn recover");
    }
    Run badName = recover(dir, "--skip", "events");
    assertThat(badName.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(badName.err()).contains("namespace.table");
  }

  private static Run recover(Path dir, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("recover", "--data-dir", dir.toString()));
    args.addAll(List.of(more));
    return CommandRuns.firn(Firn.commandLine(), args.toArray(String[]::new));
  }

  static void loseDatabase(Path dir) throws Exception {
    for (String name : List.of("catalog.db", "catalog.db-wal", "catalog.db-shm")) {
      Files.deleteIfExists(dir.resolve(name));
    }
  }
}
