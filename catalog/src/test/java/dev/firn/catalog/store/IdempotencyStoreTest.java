package dev.firn.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.catalog.store.IdempotencyStore.Claim;
import dev.firn.catalog.store.IdempotencyStore.StoredResponse;
import dev.firn.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The life of an idempotency key, on a real SQLite database and a clock the test moves. */
class IdempotencyStoreTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private final MovableClock clock = new MovableClock(NOW);
  private CatalogDatabase database;
  private IdempotencyStore store;
  private NamespaceStore namespaces;

  @BeforeEach
  void open(@TempDir Path dir) {
    database = CatalogDatabase.open(DatabaseConfig.sqlite(dir.resolve("catalog.db")));
    store =
        new IdempotencyStore(
            database, "wh", clock, Duration.ofMinutes(30), Liveness.single("instance0001"));
    namespaces = new NamespaceStore(database, "wh");
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void replaysAFinishedResponse() {
    Claim first = store.claim("k1", "fp");
    assertThat(first.kind()).isEqualTo(Claim.Kind.RUN);
    store.finish("k1", first.owner(), new StoredResponse(200, "{\"a\":1}", "\"tag\""));

    Claim retry = store.claim("k1", "fp");
    assertThat(retry.kind()).isEqualTo(Claim.Kind.REPLAY);
    assertThat(retry.response()).isEqualTo(new StoredResponse(200, "{\"a\":1}", "\"tag\""));
  }

  @Test
  void makesADuplicateWaitWhileTheFirstAttemptHoldsItsLease() {
    store.claim("k2", "fp");
    assertThat(store.claim("k2", "fp").kind()).isEqualTo(Claim.Kind.BUSY);
    clock.advance(IdempotencyStore.LEASE.plusSeconds(1));
    assertThat(store.claim("k2", "fp").kind()).isEqualTo(Claim.Kind.RUN);
  }

  @Test
  void knowsAWriteAppliedWhenItsAttemptDiedBeforeAnswering() {
    Claim first = store.claim("k3", "fp");
    try (IdempotencyScope scope = IdempotencyScope.open("wh", "k3", first.owner())) {
      namespaces.create(Namespace.of("applied"), Map.of());
    }
    // The attempt dies here: no finish. Once its lease is over, a retry must not run it again.
    clock.advance(IdempotencyStore.LEASE.plusSeconds(1));
    Claim retry = store.claim("k3", "fp");
    assertThat(retry.kind()).isEqualTo(Claim.Kind.APPLIED);
    assertThat(retry.owner()).isNotEqualTo(first.owner());
  }

  @Test
  void runsAgainAfterAServerFailureThatAppliedNothing() {
    Claim first = store.claim("k4", "fp");
    try (IdempotencyScope scope = IdempotencyScope.open("wh", "k4", first.owner())) {
      // A write that fails rolls back, marker included.
      try {
        namespaces.create(Namespace.of("missing", "child"), Map.of());
      } catch (RuntimeException expected) {
        // the parent does not exist
      }
    }
    store.release("k4", first.owner());
    assertThat(store.claim("k4", "fp").kind()).isEqualTo(Claim.Kind.RUN);
  }

  /** Two nodes on one database; the test says which instances are alive. */
  private static final class Instances implements Liveness {
    private final String own;
    private final java.util.Set<String> alive;

    Instances(String own, java.util.Set<String> alive) {
      this.own = own;
      this.alive = alive;
    }

    @Override
    public String instanceId() {
      return own;
    }

    @Override
    public boolean alive(java.sql.Connection connection, String instance) {
      return alive.contains(instance);
    }
  }

  @Test
  void aKeyWhoseNodeIsGoneIsFreeAtOnceAndItsFirstAttemptCanNoLongerApply() {
    java.util.Set<String> alive =
        new java.util.HashSet<>(java.util.Set.of("nodeAinst001", "nodeBinst001"));
    IdempotencyStore nodeA =
        new IdempotencyStore(
            database, "wh", clock, Duration.ofMinutes(30), new Instances("nodeAinst001", alive));
    IdempotencyStore nodeB =
        new IdempotencyStore(
            database, "wh", clock, Duration.ofMinutes(30), new Instances("nodeBinst001", alive));
    Claim first = nodeA.claim("k6", "fp");
    assertThat(first.kind()).isEqualTo(Claim.Kind.RUN);
    assertThat(IdempotencyStore.instanceOf(first.owner())).isEqualTo("nodeAinst001");
    assertThat(nodeB.claim("k6", "fp").kind())
        .as("node A is alive: its attempt may still apply")
        .isEqualTo(Claim.Kind.BUSY);
    alive.remove("nodeAinst001");
    Claim retry = nodeB.claim("k6", "fp");
    assertThat(retry.kind()).as("node A is gone: no wait for the lease").isEqualTo(Claim.Kind.RUN);
    // Node A was only cut off, and its attempt goes on: its write must not apply, or both would.
    try (IdempotencyScope scope = IdempotencyScope.open("wh", "k6", first.owner())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> namespaces.create(Namespace.of("twice"), Map.of()))
          .isInstanceOf(IdempotencyStore.KeyTakenOverException.class);
    }
    assertThat(namespaces.exists(Namespace.of("twice"))).isFalse();
    try (IdempotencyScope scope = IdempotencyScope.open("wh", "k6", retry.owner())) {
      namespaces.create(Namespace.of("twice"), Map.of());
    }
    assertThat(namespaces.exists(Namespace.of("twice"))).isTrue();
  }

  @Test
  void aKeyHeldByANodeOfTheReleaseBeforeInstancesIsBusyUntilItsLeaseEnds() throws Exception {
    // Written by a node that records no instance, and does not check owners when it applies.
    database.update(
        "INSERT INTO firn_idempotency (catalog_name, idempotency_key, fingerprint, owner, applied,"
            + " done, created_at_ms, lease_until_ms) VALUES (?, ?, ?, ?, 0, 0, ?, ?)",
        "wh",
        "k9",
        "fp",
        java.util.UUID.randomUUID().toString(),
        clock.millis(),
        clock.millis() + IdempotencyStore.LEASE.toMillis());
    IdempotencyStore upgraded =
        new IdempotencyStore(
            database,
            "wh",
            clock,
            Duration.ofMinutes(30),
            new Instances("nodeCinst001", new java.util.HashSet<>()));
    assertThat(upgraded.claim("k9", "fp").kind()).isEqualTo(Claim.Kind.BUSY);
    clock.advance(IdempotencyStore.LEASE.plusSeconds(1));
    assertThat(upgraded.claim("k9", "fp").kind()).isEqualTo(Claim.Kind.RUN);
  }

  @Test
  void refusesAKeyReusedForADifferentRequest() {
    store.claim("k5", "fp-one");
    assertThat(store.claim("k5", "fp-two").kind()).isEqualTo(Claim.Kind.MISMATCH);
  }

  @Test
  void forgetsKeysWellAfterTheirLifetime() {
    Claim first = store.claim("k6", "fp");
    store.finish("k6", first.owner(), new StoredResponse(204, null, null));
    clock.advance(Duration.ofMinutes(30).plus(IdempotencyStore.GRACE).plusMinutes(2));
    assertThat(store.claim("other", "fp").kind()).isEqualTo(Claim.Kind.RUN);
    assertThat(store.claim("k6", "fp").kind()).isEqualTo(Claim.Kind.RUN);
  }
}
