package dev.firn.maintenance.schedule;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.JobResultJson;
import dev.firn.maintenance.Measure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run history in the catalog's database: one row per maintenance job run, written when the job
 * starts and completed when it ends. The scheduler reads it to decide what is due and when a failed
 * job may be retried; people read it to see what maintenance did.
 */
public final class RunHistory {
  private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);
  static final String ABANDONED =
      "Abandoned: the node running it stopped renewing its lease on the table";

  private static final String COLUMNS =
      "id, table_name, job_kind, dry_run, run_trigger, node, started_at_ms, finished_at_ms,"
          + " status, counts, snapshot_ids, error, attempt, start_snapshot_id";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM " + StateTables.RUNS;
  private static final String INSERT =
      "INSERT INTO "
          + StateTables.RUNS
          + " (catalog_name, table_name, job_kind, dry_run, run_trigger, node, started_at_ms,"
          + " status, attempt, start_snapshot_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
  private static final String FINISH =
      "UPDATE "
          + StateTables.RUNS
          + " SET finished_at_ms = ?, status = ?, counts = ?, snapshot_ids = ?, error = ?"
          + " WHERE id = ?";
  private static final String ABANDON_UNLEASED =
      "UPDATE "
          + StateTables.RUNS
          + " SET status = ?, finished_at_ms = ?, error = ?"
          + " WHERE catalog_name = ? AND status = ? AND NOT EXISTS (SELECT 1 FROM "
          + StateTables.LEASES
          + " l WHERE l.catalog_name = "
          + StateTables.RUNS
          + ".catalog_name AND l.table_name = "
          + StateTables.RUNS
          + ".table_name AND l.expires_at_ms > ?)";
  static final String RESTARTED = "Abandoned: the node running it restarted before the run ended";

  /** Whether a run was closed because its node died or restarted, not because the job failed. */
  static boolean abandoned(RunRecord run) {
    return ABANDONED.equals(run.error()) || RESTARTED.equals(run.error());
  }

  private static final String ABANDON_NODE =
      "UPDATE "
          + StateTables.RUNS
          + " SET status = ?, finished_at_ms = ?, error = ?"
          + " WHERE catalog_name = ? AND node = ? AND status = ?";
  private static final String ABANDON_TABLE =
      "UPDATE "
          + StateTables.RUNS
          + " SET status = ?, finished_at_ms = ?, error = ?"
          + " WHERE catalog_name = ? AND table_name = ? AND status = ?";

  private final DataSource dataSource;
  private final String catalogName;

  /**
   * The history of one catalog's tables.
   *
   * @param dataSource the catalog's database; the run table is created if absent
   * @param catalogName the catalog (warehouse) the tables belong to
   */
  public RunHistory(DataSource dataSource, String catalogName) {
    StateTables.create(dataSource);
    this.dataSource = dataSource;
    this.catalogName = catalogName;
  }

  /** The latest runs of every table, newest first. */
  public List<RunRecord> recent(int limit) {
    return query(SELECT + " WHERE catalog_name = ? ORDER BY id DESC LIMIT ?", catalogName, limit);
  }

  /** The latest runs of one table, newest first. */
  public List<RunRecord> recent(TableIdentifier table, int limit) {
    return query(
        SELECT + " WHERE catalog_name = ? AND table_name = ? ORDER BY id DESC LIMIT ?",
        catalogName,
        table.toString(),
        limit);
  }

  /** One run, by its number. */
  public Optional<RunRecord> find(long id) {
    return query(SELECT + " WHERE catalog_name = ? AND id = ?", catalogName, id).stream()
        .findFirst();
  }

  /** The last run of a job on a table that was not a dry run. */
  public Optional<RunRecord> last(TableIdentifier table, JobKind kind) {
    return Optional.ofNullable(lastRuns(table).get(kind));
  }

  /** The last run that was not a dry run, of each job on each table, by table and job. */
  public List<RunRecord> latest() {
    List<RunRecord> runs =
        query(
            SELECT
                + " WHERE id IN (SELECT MAX(id) FROM "
                + StateTables.RUNS
                + " WHERE catalog_name = ? AND dry_run = ? GROUP BY table_name, job_kind)",
            catalogName,
            false);
    return runs.stream()
        .sorted(
            Comparator.comparing((RunRecord run) -> run.table().toString())
                .thenComparing(RunRecord::kind))
        .toList();
  }

  /** The last run that was not a dry run of each job on a table. */
  Map<JobKind, RunRecord> lastRuns(TableIdentifier table) {
    Map<JobKind, RunRecord> last = new EnumMap<>(JobKind.class);
    for (RunRecord run :
        query(
            SELECT
                + " WHERE id IN (SELECT MAX(id) FROM "
                + StateTables.RUNS
                + " WHERE catalog_name = ? AND table_name = ? AND dry_run = ? GROUP BY job_kind)",
            catalogName,
            table.toString(),
            false)) {
      last.put(run.kind(), run);
    }
    return last;
  }

  /** Records a job as running. */
  public RunRecord start(
      TableIdentifier table,
      JobKind kind,
      boolean dryRun,
      Trigger trigger,
      String node,
      Instant started,
      int attempt,
      Long startSnapshotId) {
    try (Connection connection = StateTables.connect(dataSource);
        PreparedStatement statement = connection.prepareStatement(INSERT)) {
      StateTables.bind(
          statement,
          catalogName,
          table.toString(),
          kind.label(),
          dryRun,
          trigger.label(),
          node,
          started.toEpochMilli(),
          RunStatus.RUNNING.label(),
          attempt,
          startSnapshotId);
      try (ResultSet keys = statement.executeQuery()) {
        keys.next();
        return new RunRecord(
            keys.getLong(1),
            table,
            kind,
            dryRun,
            trigger,
            node,
            started,
            null,
            RunStatus.RUNNING,
            Map.of(),
            List.of(),
            null,
            attempt,
            startSnapshotId);
      }
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot record a run of %s: %s", table, e.getMessage());
    }
  }

  /** Records how a running job ended. */
  RunRecord finish(RunRecord running, JobResult result, Instant finished) {
    RunStatus status = result.succeeded() ? RunStatus.SUCCEEDED : RunStatus.FAILED;
    StateTables.update(
        dataSource,
        "record the end of run " + running.id(),
        FINISH,
        finished.toEpochMilli(),
        status.label(),
        JobResultJson.text(JobResultJson.countsByLabel(result.counts())),
        JobResultJson.text(result.snapshotIds()),
        result.error(),
        running.id());
    return new RunRecord(
        running.id(),
        running.table(),
        running.kind(),
        running.dryRun(),
        running.trigger(),
        running.node(),
        running.started(),
        finished,
        status,
        result.counts(),
        result.snapshotIds(),
        result.error(),
        running.attempt(),
        running.startSnapshotId());
  }

  /**
   * Marks as failed the runs still shown running whose table no node holds a live lease on: the
   * node running them stopped before it could record their end.
   */
  int abandonUnleased(Instant now) {
    return StateTables.update(
        dataSource,
        "mark abandoned runs",
        ABANDON_UNLEASED,
        RunStatus.FAILED.label(),
        now.toEpochMilli(),
        ABANDONED,
        catalogName,
        RunStatus.RUNNING.label(),
        now.toEpochMilli());
  }

  /**
   * Marks as failed the runs a node still shows running when it starts again: its previous run
   * stopped before it could record their end.
   */
  int abandonRunsOf(String node, Instant now) {
    return StateTables.update(
        dataSource,
        "mark the runs of node " + node + " abandoned",
        ABANDON_NODE,
        RunStatus.FAILED.label(),
        now.toEpochMilli(),
        RESTARTED,
        catalogName,
        node,
        RunStatus.RUNNING.label());
  }

  /**
   * Marks as failed the runs still shown running on a table whose lease the caller has just taken:
   * whoever ran them has lost the lease.
   */
  int abandonRunning(TableIdentifier table, Instant now) {
    return StateTables.update(
        dataSource,
        "mark abandoned runs of " + table,
        ABANDON_TABLE,
        RunStatus.FAILED.label(),
        now.toEpochMilli(),
        ABANDONED,
        catalogName,
        table.toString(),
        RunStatus.RUNNING.label());
  }

  private List<RunRecord> query(String sql, Object... values) {
    try (Connection connection = StateTables.connect(dataSource);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      StateTables.bind(statement, values);
      List<RunRecord> runs = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          runs.add(read(rows));
        }
      }
      return runs;
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Run history query failed: %s", e.getMessage());
    }
  }

  private static Long snapshot(ResultSet rows) throws SQLException {
    long id = rows.getLong("start_snapshot_id");
    return rows.wasNull() ? null : id;
  }

  /** A run's counts; a cell that is not JSON (edited by hand) reads as none, as it always has. */
  private static Map<Measure, Long> storedCounts(long run, String text) {
    try {
      return JobResultJson.counts(JobResultJson.tree(text));
    } catch (IllegalArgumentException e) {
      LOG.warn("Run {} has unreadable counts, shown as none: {}", run, e.getMessage());
      return Map.of();
    }
  }

  private static RunRecord read(ResultSet rows) throws SQLException {
    long finished = rows.getLong("finished_at_ms");
    boolean running = rows.wasNull();
    return new RunRecord(
        rows.getLong("id"),
        TableIdentifier.parse(rows.getString("table_name")),
        JobKind.of(rows.getString("job_kind")),
        rows.getBoolean("dry_run"),
        Trigger.of(rows.getString("run_trigger")),
        rows.getString("node"),
        Instant.ofEpochMilli(rows.getLong("started_at_ms")),
        running ? null : Instant.ofEpochMilli(finished),
        RunStatus.of(rows.getString("status")),
        storedCounts(rows.getLong("id"), rows.getString("counts")),
        JobResultJson.snapshotIds(JobResultJson.tree(rows.getString("snapshot_ids"))),
        rows.getString("error"),
        rows.getInt("attempt"),
        snapshot(rows));
  }
}
