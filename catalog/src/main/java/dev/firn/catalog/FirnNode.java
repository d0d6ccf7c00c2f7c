package dev.firn.catalog;

import dev.firn.catalog.store.Liveness;
import dev.firn.catalog.store.NodeStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This Firn process as one node of a warehouse: its node id (kept across restarts when the node's
 * data folder keeps it), the instance id of this run, and a heartbeat in the catalog database every
 * third of the lease. Another node treats what this one holds as free once the heartbeat is older
 * than the lease; a restart of this node frees it at once.
 */
public final class FirnNode implements Liveness, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FirnNode.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

  private final NodeStore store;
  private final String nodeId;
  private final String instanceId;
  private final Duration lease;
  private final ScheduledExecutorService heartbeats;
  private volatile boolean replaced;

  private FirnNode(NodeStore store, String nodeId, String instanceId, Duration lease) {
    this.store = store;
    this.nodeId = nodeId;
    this.instanceId = instanceId;
    this.lease = lease;
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "firn-node-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Registers a new instance of the node and starts its heartbeat.
   *
   * @param exclusive whether the caller knows no other process runs as this node (its data folder
   *     is locked); otherwise a node whose heartbeat is fresh is refused, not replaced
   * @throws IllegalStateException when another process seems to run as this node
   */
  static FirnNode start(
      NodeStore store, String nodeId, Duration lease, boolean exclusive, java.time.Clock clock) {
    if (!exclusive) {
      store
          .find(nodeId)
          .filter(running -> running.heartbeatAtMillis() > clock.millis() - lease.toMillis())
          .ifPresent(
              running -> {
                throw new IllegalStateException(
                    "Node "
                        + nodeId
                        + " is running elsewhere (its last heartbeat is "
                        + (clock.millis() - running.heartbeatAtMillis()) / 1000
                        + " s old): give each node its own node.id, or start again once "
                        + lease.toSeconds()
                        + " s have passed since it stopped");
              });
    }
    FirnNode node = new FirnNode(store, nodeId, randomId(12), lease);
    store
        .register(nodeId, node.instanceId)
        .ifPresent(
            before ->
                LOG.info(
                    "Node {} restarted: what its instance {} held is free",
                    nodeId,
                    before.instanceId()));
    long every = Math.max(1, lease.toMillis() / 3);
    node.heartbeats.scheduleAtFixedRate(node::beat, every, every, TimeUnit.MILLISECONDS);
    return node;
  }

  /** An id for a node that keeps none: the host's name and a random suffix. */
  public static String newNodeId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "firn";
    }
    String clean = host.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
    return (clean.isEmpty() ? "firn" : clean.substring(0, Math.min(clean.length(), 100)))
        + "-"
        + randomId(8);
  }

  /** Letters and digits, random. */
  static String randomId(int length) {
    char[] id = new char[length];
    for (int i = 0; i < length; i++) {
      id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }

  /** Whether another process took this node over: this one must not serve as it any longer. */
  public boolean replaced() {
    return replaced;
  }

  private void beat() {
    try {
      if (!store.heartbeat(nodeId, instanceId)) {
        replaced = true;
        LOG.error(
            "Another process runs as node {}: give each node its own node.id (or data folder)",
            nodeId);
      }
    } catch (RuntimeException e) {
      LOG.warn("Cannot record the heartbeat of node {}: {}", nodeId, e.toString());
    }
  }

  public String nodeId() {
    return nodeId;
  }

  @Override
  public String instanceId() {
    return instanceId;
  }

  /** How long after its last heartbeat a node counts as gone. */
  public Duration lease() {
    return lease;
  }

  @Override
  public boolean alive(java.sql.Connection connection, String other) throws java.sql.SQLException {
    return other.equals(instanceId) || store.alive(connection, other, lease);
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    try {
      // A heartbeat under way must not land after the stop is recorded.
      heartbeats.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      store.stopped(nodeId, instanceId);
    } catch (RuntimeException e) {
      LOG.warn("Cannot record that node {} stopped: {}", nodeId, e.toString());
    }
  }
}
