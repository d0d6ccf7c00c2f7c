package dev.firn.catalog.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * Requests by {@code Idempotency-Key}, in {@code firn_idempotency}: claimed when a request starts,
 * marked applied inside the transaction of the write it makes, and finalized with the response that
 * retries replay. Shared through the database, so retries may reach any Firn node.
 */
public final class IdempotencyStore {
  /**
   * How long a request holds its key before another attempt may take it over, whatever the node
   * that runs it: a hung request on a live node. A key whose node is gone is free at once.
   */
  static final Duration LEASE = Duration.ofMinutes(5);

  /** Rows live this much longer than the advertised key lifetime. */
  static final Duration GRACE = Duration.ofMinutes(10);

  /** The width of the owner column. */
  private static final int OWNER_LENGTH = 36;

  private final CatalogDatabase database;
  private final String catalog;
  private final Clock clock;
  private final Duration lifetime;
  private final Liveness liveness;
  private final AtomicLong nextCleanup = new AtomicLong();

  /**
   * @param liveness this node's instance, which owns the keys this store claims, and whether the
   *     instance holding another key is still alive
   */
  public IdempotencyStore(
      CatalogDatabase database, String catalog, Clock clock, Duration lifetime, Liveness liveness) {
    this.database = database;
    this.catalog = catalog;
    this.clock = clock;
    this.lifetime = lifetime;
    this.liveness = liveness;
  }

  public Duration lifetime() {
    return lifetime;
  }

  static List<String> schema() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS firn_idempotency ("
            + "catalog_name VARCHAR(255) NOT NULL,"
            + " idempotency_key VARCHAR(64) NOT NULL,"
            + " fingerprint VARCHAR(64) NOT NULL,"
            + " owner VARCHAR(36) NOT NULL,"
            + " applied INTEGER NOT NULL,"
            + " done INTEGER NOT NULL,"
            + " status INTEGER,"
            + " response TEXT,"
            + " etag VARCHAR(80),"
            + " created_at_ms BIGINT NOT NULL,"
            + " lease_until_ms BIGINT NOT NULL,"
            + " PRIMARY KEY (catalog_name, idempotency_key))");
  }

  /**
   * Claims a key for a request. The answer says whether to run it, replay a finished response,
   * answer from the current state (it applied, but its response was lost), or wait: only while the
   * attempt holding it runs on a live instance, within {@link #LEASE}.
   */
  public Claim claim(String key, String fingerprint) {
    cleanUpNowAndThen();
    try {
      return database.transaction(
          false,
          connection -> {
            long now = clock.millis();
            Optional<Row> row = read(connection, key);
            // Who runs the attempt: this instance, and the attempt, in the column's 36 characters.
            String attempt = UUID.randomUUID().toString().replace("-", "");
            String owner =
                liveness.instanceId()
                    + "."
                    + attempt.substring(
                        0, Math.max(8, OWNER_LENGTH - 1 - liveness.instanceId().length()));
            if (row.isEmpty()) {
              insert(connection, key, fingerprint, owner, now);
              return new Claim(Claim.Kind.RUN, owner, null);
            }
            Row existing = row.get();
            if (!existing.fingerprint().equals(fingerprint)) {
              return new Claim(Claim.Kind.MISMATCH, null, null);
            }
            if (existing.done()) {
              return new Claim(Claim.Kind.REPLAY, null, existing.response());
            }
            if (existing.leaseUntil() > now && heldByTheLiving(connection, existing.owner())) {
              return new Claim(Claim.Kind.BUSY, null, null);
            }
            takeOver(connection, key, owner, now);
            return new Claim(existing.applied() ? Claim.Kind.APPLIED : Claim.Kind.RUN, owner, null);
          });
    } catch (SQLException e) {
      if (database.dialect().isUniqueViolation(e)) {
        // Claimed concurrently by another attempt with the same key.
        return new Claim(Claim.Kind.BUSY, null, null);
      }
      throw new UncheckedSQLException(e, "Cannot claim idempotency key %s", key);
    }
  }

  /** Stores the final response of the owner's request; retries replay it. */
  public void finish(String key, String owner, StoredResponse response) {
    update(
        "UPDATE firn_idempotency SET done = 1, status = ?, response = ?, etag = ?"
            + " WHERE catalog_name = ? AND idempotency_key = ? AND owner = ?",
        statement -> {
          statement.setInt(1, response.status());
          statement.setString(2, response.body());
          statement.setString(3, response.etag());
          statement.setString(4, catalog);
          statement.setString(5, key);
          statement.setString(6, owner);
        });
  }

  /**
   * Gives a key back after a server failure: a retry then runs the request again, or, if its write
   * applied, answers from the current state.
   */
  public void release(String key, String owner) {
    update(
        "UPDATE firn_idempotency SET lease_until_ms = 0"
            + " WHERE catalog_name = ? AND idempotency_key = ? AND owner = ?",
        statement -> {
          statement.setString(1, catalog);
          statement.setString(2, key);
          statement.setString(3, owner);
        });
  }

  /**
   * Whether the attempt holding a key may still be running: its instance is alive. An owner written
   * before instances were recorded (no instance in it) is taken as alive until its lease ends, as
   * then, since its node does not check owners when it applies.
   */
  private boolean heldByTheLiving(Connection connection, String owner) throws SQLException {
    return owner.indexOf('.') < 0 || liveness.alive(connection, instanceOf(owner));
  }

  /** The instance that ran an attempt, from its owner value. */
  static String instanceOf(String owner) {
    int dot = owner.indexOf('.');
    return dot < 0 ? owner : owner.substring(0, dot);
  }

  /**
   * Marks the scope's key applied, inside the transaction of the write it guards, if the scope's
   * attempt still holds the key.
   *
   * @throws KeyTakenOverException when a retry took the key over (its node thought this attempt's
   *     node gone): the write must not apply, or both would
   */
  static void markApplied(Connection connection, IdempotencyScope scope) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE firn_idempotency SET applied = 1"
                + " WHERE catalog_name = ? AND idempotency_key = ? AND owner = ?")) {
      statement.setString(1, scope.catalog());
      statement.setString(2, scope.key());
      statement.setString(3, scope.owner());
      if (statement.executeUpdate() != 1) {
        throw new KeyTakenOverException(scope.key());
      }
    }
  }

  /** An attempt whose key a retry took over: its write is rolled back. */
  public static final class KeyTakenOverException extends RuntimeException {
    KeyTakenOverException(String key) {
      super(
          "Idempotency-Key "
              + key
              + " was taken over by a retry while this attempt ran: it did not apply");
    }
  }

  private Optional<Row> read(Connection connection, String key) throws SQLException {
    String sql =
        "SELECT fingerprint, applied, done, status, response, etag, lease_until_ms, owner"
            + " FROM firn_idempotency WHERE catalog_name = ? AND idempotency_key = ?"
            + database.dialect().lockRows();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, catalog);
      statement.setString(2, key);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        StoredResponse response =
            new StoredResponse(rows.getInt(4), rows.getString(5), rows.getString(6));
        return Optional.of(
            new Row(
                rows.getString(1),
                rows.getInt(2) == 1,
                rows.getInt(3) == 1,
                response,
                rows.getLong(7),
                rows.getString(8)));
      }
    }
  }

  private void insert(Connection connection, String key, String fingerprint, String owner, long now)
      throws SQLException {
    String sql =
        "INSERT INTO firn_idempotency (catalog_name, idempotency_key, fingerprint, owner, applied,"
            + " done, created_at_ms, lease_until_ms) VALUES (?, ?, ?, ?, 0, 0, ?, ?)";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, catalog);
      statement.setString(2, key);
      statement.setString(3, fingerprint);
      statement.setString(4, owner);
      statement.setLong(5, now);
      statement.setLong(6, now + LEASE.toMillis());
      statement.executeUpdate();
    }
  }

  private void takeOver(Connection connection, String key, String owner, long now)
      throws SQLException {
    String sql =
        "UPDATE firn_idempotency SET owner = ?, lease_until_ms = ?"
            + " WHERE catalog_name = ? AND idempotency_key = ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, owner);
      statement.setLong(2, now + LEASE.toMillis());
      statement.setString(3, catalog);
      statement.setString(4, key);
      statement.executeUpdate();
    }
  }

  private void cleanUpNowAndThen() {
    long now = clock.millis();
    long next = nextCleanup.get();
    if (now < next || !nextCleanup.compareAndSet(next, now + Duration.ofMinutes(1).toMillis())) {
      return;
    }
    long cutoff = now - lifetime.plus(GRACE).toMillis();
    update(
        "DELETE FROM firn_idempotency WHERE catalog_name = ? AND created_at_ms < ?",
        statement -> {
          statement.setString(1, catalog);
          statement.setLong(2, cutoff);
        });
  }

  private void update(String sql, Binder binder) {
    try {
      database.transaction(
          false,
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              binder.bind(statement);
              return statement.executeUpdate();
            }
          });
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Idempotency store update failed: %s", e.getMessage());
    }
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private record Row(
      String fingerprint,
      boolean applied,
      boolean done,
      StoredResponse response,
      long leaseUntil,
      String owner) {}

  /**
   * A finished response as stored for replay.
   *
   * @param status the HTTP status
   * @param body the JSON body, or null for none
   * @param etag the ETag header, or null
   */
  public record StoredResponse(int status, String body, String etag) {}

  /**
   * What to do with a request that carries a key.
   *
   * @param kind run it, replay, answer from the current state, wait, or refuse
   * @param owner the token that proves this attempt holds the key (RUN and APPLIED)
   * @param response the finished response (REPLAY)
   */
  public record Claim(Kind kind, String owner, StoredResponse response) {
    /** The possible answers. */
    public enum Kind {
      RUN,
      REPLAY,
      APPLIED,
      BUSY,
      MISMATCH
    }
  }
}
