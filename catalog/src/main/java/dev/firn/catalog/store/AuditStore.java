package dev.firn.catalog.store;

import dev.firn.vocabulary.SqlDialect;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * The audit trail, in {@code firn_audit}: every mutation and every refusal, with its time,
 * principal, action, target, outcome, HTTP status and request id, kept for a configured time.
 */
public final class AuditStore {
  /** How often old entries are pruned, at most. */
  static final Duration PRUNE_INTERVAL = Duration.ofMinutes(10);

  private final CatalogDatabase database;
  private final String catalog;
  private final Clock clock;
  private final Duration keptFor;
  private final AtomicLong nextPrune = new AtomicLong();

  public AuditStore(CatalogDatabase database, String catalog, Clock clock, Duration keptFor) {
    if (keptFor.isNegative() || keptFor.isZero()) {
      throw new IllegalArgumentException(
          "Invalid audit retention: " + keptFor + " (must be positive)");
    }
    this.database = database;
    this.catalog = catalog;
    this.clock = clock;
    this.keptFor = keptFor;
  }

  /**
   * One entry of the trail.
   *
   * @param id its place in the trail, increasing
   * @param at when the request was answered
   * @param principal who sent it ({@code anonymous} with authentication off)
   * @param action what was asked, such as {@code UPDATE_TABLE} or {@code POST /maintenance/runs}
   * @param target what it was asked of, such as {@code table raw.sales.orders}
   * @param outcome {@code applied}, {@code denied} or {@code failed}
   * @param status the HTTP status of the answer
   * @param requestId the id the answer carried in {@code X-Request-Id}
   */
  public record Entry(
      long id,
      Instant at,
      String principal,
      String action,
      String target,
      String outcome,
      int status,
      String requestId) {}

  static List<String> schema(SqlDialect dialect) {
    return List.of(
        "CREATE TABLE IF NOT EXISTS firn_audit ("
            + "id "
            + dialect.serialPrimaryKey()
            + ", catalog_name VARCHAR(255) NOT NULL,"
            + " at_ms BIGINT NOT NULL,"
            + " principal_name VARCHAR(255) NOT NULL,"
            + " action VARCHAR(64) NOT NULL,"
            + " target VARCHAR(1000) NOT NULL,"
            + " outcome VARCHAR(16) NOT NULL,"
            + " status INTEGER NOT NULL,"
            + " request_id VARCHAR(64) NOT NULL)",
        "CREATE INDEX IF NOT EXISTS firn_audit_by_time ON firn_audit (catalog_name, at_ms)",
        "CREATE INDEX IF NOT EXISTS firn_audit_by_principal"
            + " ON firn_audit (catalog_name, principal_name, id)",
        "CREATE INDEX IF NOT EXISTS firn_audit_by_target ON firn_audit (catalog_name, target, id)");
  }

  /** Adds an entry; now and then also prunes those past the retention. */
  public void record(
      String principal,
      String action,
      String target,
      String outcome,
      int status,
      String requestId) {
    long now = clock.millis();
    try {
      database.transaction(
          false,
          connection -> {
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO firn_audit (catalog_name, at_ms, principal_name, action, target,"
                        + " outcome, status, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
              insert.setString(1, catalog);
              insert.setLong(2, now);
              insert.setString(3, principal);
              insert.setString(4, action);
              insert.setString(5, shortened(target));
              insert.setString(6, outcome);
              insert.setInt(7, status);
              insert.setString(8, requestId);
              insert.executeUpdate();
            }
            long due = nextPrune.get();
            if (now >= due && nextPrune.compareAndSet(due, now + PRUNE_INTERVAL.toMillis())) {
              try (PreparedStatement prune =
                  connection.prepareStatement(
                      "DELETE FROM firn_audit WHERE catalog_name = ? AND at_ms < ?")) {
                prune.setString(1, catalog);
                prune.setLong(2, now - keptFor.toMillis());
                prune.executeUpdate();
              }
            }
            return null;
          });
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot record an audit entry for %s", action);
    }
  }

  /**
   * The newest entries first, at most {@code limit}, of one principal and one target when they are
   * given (null for any).
   */
  public List<Entry> entries(String principal, String target, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, at_ms, principal_name, action, target, outcome, status, request_id"
                + " FROM firn_audit WHERE catalog_name = ?");
    List<Object> parameters = new ArrayList<>(List.of(catalog));
    if (principal != null) {
      sql.append(" AND principal_name = ?");
      parameters.add(principal);
    }
    if (target != null) {
      sql.append(" AND target = ?");
      parameters.add(target);
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    parameters.add(limit);
    return database.list(
        sql.toString(),
        row ->
            new Entry(
                row.getLong(1),
                Instant.ofEpochMilli(row.getLong(2)),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getInt(7),
                row.getString(8)),
        parameters.toArray());
  }

  private static String shortened(String target) {
    return target.length() <= 1000 ? target : target.substring(0, 997) + "...";
  }
}
