package dev.firn.maintenance.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * Per-table maintenance leases in the catalog's database, so that at most one maintenance job runs
 * on a table at a time across every Firn node sharing that database.
 *
 * <p>Each operation is one statement. Taking a lease inserts its row, or takes over a row that has
 * expired or is this node's own, in a single upsert: PostgreSQL locks the conflicting row and
 * checks the condition against its latest version even at READ COMMITTED, and SQLite runs the
 * statement under its database write lock, so two nodes can never both succeed. Expiry is read from
 * this node's clock; clocks of nodes sharing a database must agree to well within the lease time.
 */
public final class TableLeases {
  private static final String ACQUIRE =
      "INSERT INTO "
          + StateTables.LEASES
          + " (catalog_name, table_name, owner, acquired_at_ms, expires_at_ms)"
          + " VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (catalog_name, table_name) DO UPDATE SET owner = excluded.owner,"
          + " acquired_at_ms = excluded.acquired_at_ms, expires_at_ms = excluded.expires_at_ms"
          + " WHERE "
          + StateTables.LEASES
          + ".expires_at_ms <= ? OR "
          + StateTables.LEASES
          + ".owner = ?";
  private static final String RENEW =
      "UPDATE "
          + StateTables.LEASES
          + " SET expires_at_ms = ? WHERE catalog_name = ? AND table_name = ? AND owner = ?";
  private static final String RELEASE =
      "DELETE FROM "
          + StateTables.LEASES
          + " WHERE catalog_name = ? AND table_name = ? AND owner = ?";
  private static final String RELEASE_ALL =
      "DELETE FROM " + StateTables.LEASES + " WHERE catalog_name = ? AND owner = ?";
  private static final String HOLDER =
      "SELECT owner, acquired_at_ms, expires_at_ms FROM "
          + StateTables.LEASES
          + " WHERE catalog_name = ? AND table_name = ? AND expires_at_ms > ?";

  private final DataSource dataSource;
  private final String catalogName;
  private final String owner;
  private final Duration duration;
  private final Clock clock;

  /**
   * Leases of one catalog's tables, taken in the name of one node.
   *
   * @param dataSource the catalog's database; the lease table is created if absent
   * @param catalogName the catalog (warehouse) the tables belong to
   * @param owner this node's id
   * @param duration how long a lease lasts unless renewed
   * @param clock the time leases are taken and checked at
   */
  public TableLeases(
      DataSource dataSource, String catalogName, String owner, Duration duration, Clock clock) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(
          "Invalid lease duration: " + duration + " (must be positive)");
    }
    StateTables.create(dataSource);
    this.dataSource = dataSource;
    this.catalogName = catalogName;
    this.owner = owner;
    this.duration = duration;
    this.clock = clock;
  }

  public String owner() {
    return owner;
  }

  /** Takes the table's lease if it is free, expired or already this node's; empty otherwise. */
  public Optional<Lease> acquire(TableIdentifier table) {
    Instant now = clock.instant();
    Instant expires = now.plus(duration);
    int changed =
        StateTables.update(
            dataSource,
            "take the maintenance lease on " + table,
            ACQUIRE,
            catalogName,
            table.toString(),
            owner,
            now.toEpochMilli(),
            expires.toEpochMilli(),
            now.toEpochMilli(),
            owner);
    return changed == 1 ? Optional.of(new Lease(table, owner, now, expires)) : Optional.empty();
  }

  /** Extends this node's lease by the lease duration from now; false if the node lost it. */
  public boolean renew(TableIdentifier table) {
    long expires = clock.instant().plus(duration).toEpochMilli();
    return StateTables.update(
            dataSource,
            "renew the maintenance lease on " + table,
            RENEW,
            expires,
            catalogName,
            table.toString(),
            owner)
        == 1;
  }

  /** Gives up this node's lease on the table, if it holds it. */
  public void release(TableIdentifier table) {
    StateTables.update(
        dataSource,
        "release the maintenance lease on " + table,
        RELEASE,
        catalogName,
        table.toString(),
        owner);
  }

  /**
   * Gives up every lease this node holds: for a node that starts again, whose previous run held
   * them and stopped without giving them back.
   *
   * @return how many there were
   */
  public int releaseAll() {
    return StateTables.update(
        dataSource,
        "release the maintenance leases of node " + owner,
        RELEASE_ALL,
        catalogName,
        owner);
  }

  /** The lease someone holds on the table now, if any. */
  public Optional<Lease> holder(TableIdentifier table) {
    try (Connection connection = StateTables.connect(dataSource);
        PreparedStatement statement = connection.prepareStatement(HOLDER)) {
      statement.setString(1, catalogName);
      statement.setString(2, table.toString());
      statement.setLong(3, clock.millis());
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Lease(
                table,
                rows.getString(1),
                Instant.ofEpochMilli(rows.getLong(2)),
                Instant.ofEpochMilli(rows.getLong(3))));
      }
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot read the lease on %s: %s", table, e.getMessage());
    }
  }
}
