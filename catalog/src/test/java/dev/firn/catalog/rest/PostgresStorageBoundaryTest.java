package dev.firn.catalog.rest;

import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** StorageBoundary tests on PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class PostgresStorageBoundaryTest extends StorageBoundaryTests {
  private final PostgresEndpoint postgres;

  PostgresStorageBoundaryTest(PostgresEndpoint postgres) {
    this.postgres = postgres;
  }

  @Override
  protected Database database() {
    return Database.postgres(postgres);
  }
}
