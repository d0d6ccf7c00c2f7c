package dev.firn.maintenance.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.RealServerTest;
import dev.firn.maintenance.RunningCompactions;
import dev.firn.writer.Audit;
import dev.firn.writer.BranchChecks;
import dev.firn.writer.IngestResult;
import dev.firn.writer.WriteMode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.Test;

/**
 * Write-audit-publish repeats: each cycle loads a branch, compacts {@code main} meanwhile (as the
 * scheduler does on its own), and publishes; the branch's own changes land on the compacted main.
 */
class AuditedLoadsTest extends RealServerTest {
  private static final TableIdentifier ORDERS = raw("audited");
  private final RunningCompactions running = new RunningCompactions();

  @Test
  void threeCyclesWithACompactionOfMainBetweenThemAllPublish() {
    for (long i = 0; i < 4; i++) {
      load(ORDERS, WriteMode.APPEND, i * 10, i * 10 + 1);
    }
    long next = 100;
    for (int cycle = 1; cycle <= 3; cycle++) {
      long first = next;
      loadBatch("cycle-" + cycle, first + 7);
      load(ORDERS, WriteMode.APPEND, "audit", first, first + 1, first + 2);
      load(ORDERS, WriteMode.UPSERT, "audit", first + 2, 0);
      next += 10;

      JobResult compacted = compact();
      assertThat(compacted.snapshotIds())
          .as("cycle %d compacts main: %s", cycle, compacted)
          .hasSize(1);

      Audit audit =
          writer
              .publish(ORDERS, "audit")
              .checks(BranchChecks.none().withUniqueKey(List.of("id")))
              .commit();

      assertThat(audit.changes()).as("cycle %d", cycle).hasSize(3);
      Table table = catalog.loadTable(ORDERS);
      assertThat(table.refs().get("audit").snapshotId())
          .as("the branch ends on main's new head")
          .isEqualTo(table.currentSnapshot().snapshotId());
      Map<Long, String> rows = rows(table, table.currentSnapshot().snapshotId());
      assertThat(rows).containsKeys(first, first + 1, first + 2, 0L);
      assertThat(rows.get(0L)).as("the upsert replaced row 0 of main").endsWith("UPSERT");
      assertThat(dev.firn.testing.TableRows.read(table))
          .as("every id once: the upserts' deletes applied on the compacted main")
          .hasSize(8 + 4 * cycle);

      // The same load run again (a retried pipeline step) finds its batch on main: no duplicate.
      IngestResult again = loadBatch("cycle-" + cycle, first + 7);
      assertThat(again.alreadyCommitted()).as("cycle %d, run again", cycle).isTrue();
    }
  }

  @Test
  void aDeleteByFilterOnTheBranchCannotBeReplayedAndMainIsUnchanged() {
    for (long i = 0; i < 4; i++) {
      load(ORDERS, WriteMode.APPEND, i * 10, i * 10 + 1);
    }
    load(ORDERS, WriteMode.APPEND, "audit", 100);
    Table table = catalog.loadTable(ORDERS);
    table
        .newDelete()
        .deleteFromRowFilter(org.apache.iceberg.expressions.Expressions.equal("id", 100L))
        .toBranch("audit")
        .commit();
    compact();
    long main = catalog.loadTable(ORDERS).currentSnapshot().snapshotId();

    assertThatThrownBy(() -> writer.publish(ORDERS, "audit").commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("removes data files")
        .hasMessageContaining("main has moved on");

    Table after = catalog.loadTable(ORDERS);
    assertThat(after.currentSnapshot().snapshotId()).isEqualTo(main);
    assertThat(after.refs()).containsKey("audit");
  }

  /** A branch load with a batch id of its own, as a pipeline step would send it. */
  private IngestResult loadBatch(String batchId, long id) {
    Record row = GenericRecord.create(SCHEMA);
    row.setField("id", id);
    row.setField("name", "batch " + batchId);
    return writer
        .ingest(ORDERS)
        .records(SCHEMA, List.of(row))
        .batchId(batchId)
        .branch("audit")
        .threads(1)
        .commit();
  }

  private JobResult compact() {
    Table table = catalog.loadTable(ORDERS);
    return new Compaction(table, Clock.systemUTC(), running).minInputFiles(2).commit();
  }
}
