package dev.firn.maintenance.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.policy.PolicyKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/** Two Firn nodes, each with its own scheduler and connection pool, sharing one database. */
abstract class TwoNodesTests extends DatabaseTests {
  private static final int TRIGGERS = 100;

  /** What one trigger saw for one table. */
  private record Seen(boolean manual, String what, List<CompletedRun> runs) {}

  @Test
  void twoNodesNeverRunTwoJobsOnOneTableAtOnce() throws Exception {
    Map<String, String> policy = Map.of(PolicyKey.COMPACTION_MIN_SMALL_FILES.property(), "2");
    List<TableIdentifier> tables =
        List.of(
            table("shop", "orders", policy),
            table("shop", "items", policy),
            table("shop", "users", policy));
    for (TableIdentifier table : tables) {
      appendFiles(catalog.loadTable(table), 2, 1 << 20);
    }
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    ConcurrencyProbe probe = new ConcurrencyProbe(catalog, clock, tables);
    List<Scheduler> nodes =
        List.of(
            scheduler("node-a", clock, probe, new MaintenanceMetrics()),
            scheduler("node-b", clock, probe, new MaintenanceMetrics()));

    ExecutorService callers = Executors.newFixedThreadPool(8);
    List<Future<List<Seen>>> triggers = new ArrayList<>();
    try {
      for (int i = 0; i < TRIGGERS; i++) {
        Scheduler node = nodes.get(i % 2);
        TableIdentifier table = tables.get(i % tables.size());
        JobKind kind = JobKind.values()[(i / 5) % JobKind.values().length];
        boolean change = i % 5 == 0;
        triggers.add(
            callers.submit(
                () -> change ? changed(node, table, probe) : manual(node, table, kind, probe)));
      }
      List<Seen> seen = new ArrayList<>();
      for (Future<List<Seen>> trigger : triggers) {
        seen.addAll(trigger.get(2, TimeUnit.MINUTES));
      }

      assertThat(probe.overlaps()).isZero();
      assertThat(seen.stream().filter(Seen::manual))
          .as("each manual trigger ran or was turned away")
          .hasSize(TRIGGERS - TRIGGERS / 5)
          .allSatisfy(s -> assertThat(s.what()).isIn("ran", "busy"));
      List<Long> runIds =
          seen.stream().flatMap(s -> s.runs().stream()).map(run -> run.record().id()).toList();
      assertThat(runIds).doesNotHaveDuplicates().hasSize(probe.calls());
      List<RunRecord> history = nodes.get(0).history().recent(10_000);
      assertThat(history).extracting(RunRecord::id).containsExactlyInAnyOrderElementsOf(runIds);
      assertThat(history)
          .allSatisfy(run -> assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED));
      assertThat(history).extracting(RunRecord::node).contains("node-a", "node-b");
      assertThat(probe.crossNodeBusy())
          .as("a node was turned away by the other's lease")
          .isPositive();
    } finally {
      callers.shutdownNow();
    }
  }

  /** New small files make compaction due; then a tick on one node. */
  private List<Seen> changed(Scheduler node, TableIdentifier table, ConcurrencyProbe probe) {
    appendFiles(catalog.loadTable(table), 2, 1 << 20);
    List<Seen> seen = new ArrayList<>();
    for (TableOutcome outcome : node.tick().await()) {
      assertThat(outcome.error()).isNull();
      if (outcome.busy()) {
        probe.busy(outcome.table(), node.config().node(), outcome.busyWith());
        seen.add(new Seen(false, "busy", List.of()));
      } else {
        // No runs: once the lease was held, the other node had just compacted the table.
        seen.add(new Seen(false, outcome.runs().isEmpty() ? "done" : "ran", outcome.runs()));
      }
    }
    return seen;
  }

  private List<Seen> manual(
      Scheduler node, TableIdentifier table, JobKind kind, ConcurrencyProbe probe) {
    try {
      return List.of(
          new Seen(true, "ran", List.of(node.trigger(table, kind, false).completion().join())));
    } catch (TableBusyException e) {
      probe.busy(table, node.config().node(), e.holder());
      return List.of(new Seen(true, "busy", List.of()));
    }
  }
}
