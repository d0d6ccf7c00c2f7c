package dev.firn.catalog.access;

import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** The privilege matrix on PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class PostgresAccessMatrixTest extends AccessMatrixTests {
  private final PostgresEndpoint postgres;

  PostgresAccessMatrixTest(PostgresEndpoint postgres) {
    this.postgres = postgres;
  }

  @Override
  protected Database database() {
    return Database.postgres(postgres);
  }
}
