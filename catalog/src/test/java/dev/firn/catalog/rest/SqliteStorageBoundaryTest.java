package dev.firn.catalog.rest;

import dev.firn.catalog.TestCatalogServers.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** StorageBoundary tests on Firn's embedded SQLite database. */
class SqliteStorageBoundaryTest extends StorageBoundaryTests {
  @TempDir Path databaseDirectory;

  @Override
  protected Database database() {
    return Database.sqlite(databaseDirectory);
  }
}
