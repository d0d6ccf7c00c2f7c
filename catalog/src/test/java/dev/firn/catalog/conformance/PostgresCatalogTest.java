package dev.firn.catalog.conformance;

import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** Iceberg's catalog conformance suite on Firn with a PostgreSQL database. */
@ExtendWith(PostgresExtension.class)
class PostgresCatalogTest extends FirnCatalogTests {
  private final PostgresEndpoint postgres;

  PostgresCatalogTest(PostgresEndpoint postgres) {
    this.postgres = postgres;
  }

  @Override
  protected Database database() {
    // Every test's server has its own warehouse name, so one database serves them all.
    return Database.postgres(postgres);
  }
}
