package dev.firn.cli;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.cli.CommandRuns.Run;
import dev.firn.testing.TableRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another engine's maintenance and Firn's take turns on one table, twice: the other engine (here
 * Iceberg's own actions through the REST catalog, as Trino's and Flink's run) expires snapshots,
 * deleting files itself, and rewrites manifests; Firn removes orphans, compacts and expires. Every
 * job succeeds, every row stays, every file a snapshot references is there.
 */
class OtherEngineMaintenanceTest {
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));

  @Test
  void firnsJobsAndAnotherEnginesTakeTurnsOnOneTable(@TempDir Path dir) throws Exception {
    TableIdentifier id = TableIdentifier.of("raw", "shared");
    List<Long> written = new ArrayList<>();
    try (ServeStack stack = CommandRuns.startEmbedded(dir);
        RESTCatalog client = CommandRuns.client(stack)) {
      client.createTable(id, SCHEMA);
      for (int round = 0; round < 2; round++) {
        Table table = client.loadTable(id);
        for (long row = round * 100L; row < round * 100L + 6; row++) {
          TableRows.append(table, TableRows.numbered(SCHEMA, row, row + 1));
          written.add(row);
        }
        // The other engine expires all but two snapshots, deleting their files itself.
        table.refresh();
        table.expireSnapshots().retainLast(2).expireOlderThan(System.currentTimeMillis()).commit();
        for (String job : List.of("orphans", "compaction", "expiry", "manifests")) {
          Run run =
              CommandRuns.firn(stack, "maintain", id.toString(), "--job", job, "--no-progress");
          assertThat(run.exit())
              .as("round " + round + ", " + job + ": " + run.out() + run.err())
              .isZero();
        }
        // And rewrites manifests after Firn's compaction and expiry.
        table.refresh();
        table.rewriteManifests().rewriteIf(manifest -> true).commit();

        Table now = client.loadTable(id);
        List<String> missing = new ArrayList<>();
        ClusterFaultTest.checkFiles(id, now, missing);
        assertThat(missing).as("round " + round).isEmpty();
        assertThat(TableRows.longs(TableRows.read(now), "id"))
            .as("round " + round)
            .containsExactlyInAnyOrderElementsOf(written);
      }
      assertThat(stack.catalog().metrics().refusedDeletes()).isZero();
    }
  }
}
