package dev.firn.cli;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.schedule.RunHistory;
import dev.firn.maintenance.schedule.RunRecord;
import dev.firn.maintenance.schedule.RunStatus;
import dev.firn.maintenance.schedule.TableLeases;
import dev.firn.maintenance.schedule.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code firn serve} as a node: its id is kept in the data folder, a second process cannot run as
 * the same node, and a node that starts again frees at once what its killed predecessor held.
 */
class ServeNodeTest {
  private static final TableIdentifier TABLE = TableIdentifier.of("raw", "nodes", "events");

  @Test
  void aRestartedNodeIsTheSameNodeAndFreesWhatItsKilledRunHeld(@TempDir Path dir) throws Exception {
    String nodeId;
    String warehouse;
    long leftRun;
    RunRecord[] started = new RunRecord[1];
    try (ServeStack first = CommandRuns.startEmbedded(dir);
        RESTCatalog client = CommandRuns.client(first)) {
      nodeId = first.catalog().node().nodeId();
      warehouse = first.catalog().config().warehouseName();
      assertThat(Files.readString(dir.resolve(NodeIdentity.FILE)).trim()).isEqualTo(nodeId);
      assertThatThrownBy(() -> CommandRuns.startEmbedded(dir))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("Another firn serve runs from the data folder");
      client.createNamespace(Namespace.of("raw", "nodes"));
      client.createTable(TABLE, new Schema(required(1, "id", Types.LongType.get())));
      // What a kill in the middle of a compaction leaves: the lease, and a run shown running.
      new TableLeases(
              first.catalog().dataSource(),
              warehouse,
              nodeId,
              Duration.ofMinutes(10),
              Clock.systemUTC())
          .acquire(TABLE)
          .orElseThrow();
      started[0] =
          new RunHistory(first.catalog().dataSource(), warehouse)
              .start(
                  TABLE,
                  JobKind.COMPACTION,
                  false,
                  Trigger.SCHEDULE,
                  nodeId,
                  Instant.now(),
                  1,
                  null);
    }
    // (Closing the stack gave nothing back: the lease and the run were written behind its back.)
    leftRun = started[0].id();
    Instant restarted = Instant.now();
    try (ServeStack again = CommandRuns.startEmbedded(dir)) {
      assertThat(again.catalog().node().nodeId()).isEqualTo(nodeId);
      RunRecord left =
          new RunHistory(again.catalog().dataSource(), warehouse)
              .recent(TABLE, 10).stream()
                  .filter(run -> run.id() == leftRun)
                  .findFirst()
                  .orElseThrow();
      assertThat(left.status()).isEqualTo(RunStatus.FAILED);
      assertThat(left.error()).contains("restarted");
      // The killed run's lease is gone at once (the new start's own scheduler may hold a new one).
      assertThat(
              new TableLeases(
                      again.catalog().dataSource(),
                      warehouse,
                      "another-node",
                      Duration.ofSeconds(30),
                      Clock.systemUTC())
                  .holder(TABLE)
                  .filter(lease -> lease.acquired().isBefore(restarted)))
          .isEmpty();
    }
  }

  @Test
  void aNodeIdGivenToTwoProcessesIsRefusedWhileTheFirstRuns(
      @TempDir Path first, @TempDir Path second) {
    Path database = first.resolve("shared.db");
    try (ServeStack running = start(first, "shared-id", database)) {
      assertThatThrownBy(() -> start(second, "shared-id", database))
          .hasMessageContaining("Node shared-id is running elsewhere");
      assertThat(running.catalog().node().nodeId()).isEqualTo("shared-id");
    }
  }

  private static ServeStack start(Path dataDir, String nodeId, Path database) {
    return ServeStack.start(
        ServeConfig.from(
            Settings.load(
                null,
                java.util.Map.of(),
                java.util.Map.of(
                    ServeConfig.DATA_DIR,
                    dataDir.toString(),
                    ServeConfig.CATALOG_PORT,
                    "0",
                    ServeConfig.MANAGEMENT_PORT,
                    "-1",
                    ServeConfig.StorageConfig.EMBEDDED_PORT,
                    "0",
                    ServeConfig.NODE_ID,
                    nodeId,
                    ServeConfig.DATABASE_URL,
                    "jdbc:sqlite:" + database))));
  }
}
