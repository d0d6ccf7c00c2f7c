package dev.firn.catalog.rest;

import dev.firn.catalog.TestCatalogServers.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Idempotency tests on Firn's embedded SQLite database. */
class SqliteIdempotencyTest extends IdempotencyTests {
  @TempDir Path databaseDirectory;

  @Override
  protected Database database() {
    return Database.sqlite(databaseDirectory);
  }
}
