package dev.firn.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a node's instance counts as alive, on a real SQLite database and a clock the test moves. */
class NodeStoreTest {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));
  private CatalogDatabase database;
  private NodeStore nodes;

  @BeforeEach
  void open(@TempDir Path dir) {
    database = CatalogDatabase.open(DatabaseConfig.sqlite(dir.resolve("catalog.db")));
    nodes = new NodeStore(database, "wh", clock);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void anInstanceIsAliveWhileItBeatsAndNotOnceReplacedStoppedOrSilent() {
    assertThat(nodes.register("node-a", "a1")).isEmpty();
    assertThat(nodes.register("node-b", "b1")).isEmpty();
    assertThat(nodes.alive("a1", LEASE)).isTrue();
    assertThat(nodes.alive("never-seen", LEASE)).isFalse();

    // Silent for longer than the lease.
    clock.advance(LEASE.plusSeconds(1));
    assertThat(nodes.heartbeat("node-b", "b1")).isTrue();
    assertThat(nodes.alive("a1", LEASE)).isFalse();
    assertThat(nodes.alive("b1", LEASE)).isTrue();

    // A restart of the same node replaces its instance at once, without waiting for the lease.
    assertThat(nodes.register("node-b", "b2")).map(NodeStore.StoredNode::instanceId).contains("b1");
    assertThat(nodes.alive("b1", LEASE)).isFalse();
    assertThat(nodes.alive("b2", LEASE)).isTrue();
    assertThat(nodes.heartbeat("node-b", "b1"))
        .as("the replaced instance learns it was replaced")
        .isFalse();

    // A node that stops says so.
    nodes.stopped("node-b", "b2");
    assertThat(nodes.alive("b2", LEASE)).isFalse();
    assertThat(nodes.nodes())
        .extracting(NodeStore.StoredNode::nodeId)
        .containsExactly("node-a", "node-b");
  }
}
