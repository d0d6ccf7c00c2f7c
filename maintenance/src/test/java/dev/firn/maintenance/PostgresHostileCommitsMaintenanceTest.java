package dev.firn.maintenance;

import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** Hostile commits, then maintenance, on PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class PostgresHostileCommitsMaintenanceTest extends HostileCommitsMaintenanceTests {
  private final PostgresEndpoint postgres;

  PostgresHostileCommitsMaintenanceTest(PostgresEndpoint postgres) {
    this.postgres = postgres;
  }

  @Override
  protected Database database() {
    return Database.postgres(postgres);
  }
}
