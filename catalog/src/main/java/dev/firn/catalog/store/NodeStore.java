package dev.firn.catalog.store;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Firn nodes serving a warehouse, in {@code firn_nodes}: each node's current instance (one run
 * of its process) and when that instance last said it was alive. Work a node holds (a request's
 * idempotency key, a table's maintenance lease) is free for others once its instance is no longer
 * alive: replaced by a restart of the same node, stopped, or silent for longer than the lease.
 */
public final class NodeStore {
  private final CatalogDatabase database;
  private final String catalog;
  private final Clock clock;

  public NodeStore(CatalogDatabase database, String catalog, Clock clock) {
    this.database = database;
    this.catalog = catalog;
    this.clock = clock;
  }

  static List<String> schema() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS firn_nodes ("
            + "catalog_name VARCHAR(255) NOT NULL,"
            + " node_id VARCHAR(128) NOT NULL,"
            + " instance_id VARCHAR(32) NOT NULL,"
            + " started_at_ms BIGINT NOT NULL,"
            + " heartbeat_at_ms BIGINT NOT NULL,"
            + " PRIMARY KEY (catalog_name, node_id))",
        "CREATE INDEX IF NOT EXISTS firn_nodes_instance ON firn_nodes (catalog_name, instance_id)");
  }

  /** A node as the table records it. */
  public record StoredNode(
      String nodeId, String instanceId, long startedAtMillis, long heartbeatAtMillis) {}

  /**
   * Records a new instance of a node, replacing the one before: whatever the previous instance held
   * is free from now on.
   *
   * @return the instance it replaced, if the node had run before
   */
  public Optional<StoredNode> register(String nodeId, String instanceId) {
    Optional<StoredNode> before = find(nodeId);
    long now = clock.millis();
    if (database.change(
            "Cannot register node " + nodeId,
            "UPDATE firn_nodes SET instance_id = ?, started_at_ms = ?, heartbeat_at_ms = ?"
                + " WHERE catalog_name = ? AND node_id = ?",
            instanceId,
            now,
            now,
            catalog,
            nodeId)
        == 0) {
      if (!database.insertUnlessPresent(
          "Cannot register node " + nodeId,
          "INSERT INTO firn_nodes (catalog_name, node_id, instance_id, started_at_ms,"
              + " heartbeat_at_ms) VALUES (?, ?, ?, ?, ?)",
          catalog,
          nodeId,
          instanceId,
          now,
          now)) {
        // Registered at the same moment by another process of the same node id: take it over.
        return register(nodeId, instanceId);
      }
    }
    return before;
  }

  /**
   * Says the instance is alive.
   *
   * @return false when another instance of the node has replaced it
   */
  public boolean heartbeat(String nodeId, String instanceId) {
    return database.change(
            "Cannot record the heartbeat of node " + nodeId,
            "UPDATE firn_nodes SET heartbeat_at_ms = ?"
                + " WHERE catalog_name = ? AND node_id = ? AND instance_id = ?",
            clock.millis(),
            catalog,
            nodeId,
            instanceId)
        == 1;
  }

  /** Records that the instance stopped: what it held is free at once. */
  public void stopped(String nodeId, String instanceId) {
    database.change(
        "Cannot record that node " + nodeId + " stopped",
        "UPDATE firn_nodes SET heartbeat_at_ms = 0"
            + " WHERE catalog_name = ? AND node_id = ? AND instance_id = ?",
        catalog,
        nodeId,
        instanceId);
  }

  /**
   * Whether an instance is alive, read on the caller's connection (see {@link #alive(String,
   * Duration)}).
   */
  public boolean alive(java.sql.Connection connection, String instanceId, Duration lease)
      throws java.sql.SQLException {
    try (java.sql.PreparedStatement statement =
        connection.prepareStatement(
            "SELECT 1 FROM firn_nodes WHERE catalog_name = ? AND instance_id = ?"
                + " AND heartbeat_at_ms > ?")) {
      statement.setString(1, catalog);
      statement.setString(2, instanceId);
      statement.setLong(3, clock.millis() - lease.toMillis());
      try (java.sql.ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  /**
   * Whether an instance is alive: it is its node's current instance and said so within {@code
   * lease}. An instance no node records (replaced, or never seen) is not.
   */
  public boolean alive(String instanceId, Duration lease) {
    return !database
        .list(
            "SELECT 1 FROM firn_nodes WHERE catalog_name = ? AND instance_id = ?"
                + " AND heartbeat_at_ms > ?",
            row -> 1,
            catalog,
            instanceId,
            clock.millis() - lease.toMillis())
        .isEmpty();
  }

  /** Every node of the warehouse. */
  public List<StoredNode> nodes() {
    return database.list(
        "SELECT node_id, instance_id, started_at_ms, heartbeat_at_ms FROM firn_nodes"
            + " WHERE catalog_name = ? ORDER BY node_id",
        row -> new StoredNode(row.getString(1), row.getString(2), row.getLong(3), row.getLong(4)),
        catalog);
  }

  /** The node as the table records it, if it ever ran. */
  public Optional<StoredNode> find(String nodeId) {
    return nodes().stream().filter(node -> node.nodeId().equals(nodeId)).findFirst();
  }
}
