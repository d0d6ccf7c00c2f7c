package dev.firn.catalog.commits;

import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** Commit safety under concurrency, on PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class PostgresCommitSafetyTest extends CommitSafetyTests {
  private final PostgresEndpoint postgres;

  PostgresCommitSafetyTest(PostgresEndpoint postgres) {
    this.postgres = postgres;
  }

  @Override
  protected Database database() {
    return Database.postgres(postgres);
  }
}
