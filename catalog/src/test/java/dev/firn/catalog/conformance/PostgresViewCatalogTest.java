package dev.firn.catalog.conformance;

import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** Iceberg's view catalog conformance suite on Firn with a PostgreSQL database. */
@ExtendWith(PostgresExtension.class)
class PostgresViewCatalogTest extends FirnViewCatalogTests {
  private final PostgresEndpoint postgres;

  PostgresViewCatalogTest(PostgresEndpoint postgres) {
    this.postgres = postgres;
  }

  @Override
  protected Database database() {
    return Database.postgres(postgres);
  }
}
