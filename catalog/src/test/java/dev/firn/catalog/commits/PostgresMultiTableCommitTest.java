package dev.firn.catalog.commits;

import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** Atomic multi-table transactions on PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class PostgresMultiTableCommitTest extends MultiTableCommitTests {
  private final PostgresEndpoint postgres;

  PostgresMultiTableCommitTest(PostgresEndpoint postgres) {
    this.postgres = postgres;
  }

  @Override
  protected Database database() {
    return Database.postgres(postgres);
  }
}
