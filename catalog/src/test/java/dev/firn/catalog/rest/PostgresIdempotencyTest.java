package dev.firn.catalog.rest;

import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** Idempotency tests on PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class PostgresIdempotencyTest extends IdempotencyTests {
  private final PostgresEndpoint postgres;

  PostgresIdempotencyTest(PostgresEndpoint postgres) {
    this.postgres = postgres;
  }

  @Override
  protected Database database() {
    return Database.postgres(postgres);
  }
}
