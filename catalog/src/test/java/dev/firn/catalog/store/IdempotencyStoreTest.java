package dev.firn.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.catalog.store.IdempotencyStore.Claim;
import dev.firn.catalog.store.IdempotencyStore.StoredResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
    store = new IdempotencyStore(database, "wh", clock, Duration.ofMinutes(30));
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
    try (IdempotencyScope scope = IdempotencyScope.open("wh", "k3")) {
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
    try (IdempotencyScope scope = IdempotencyScope.open("wh", "k4")) {
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

  /** A clock the test moves by hand. */
  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
