package dev.firn.maintenance;

import dev.firn.catalog.TestCatalogServers.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Hostile commits, then maintenance, on Firn's embedded SQLite database. */
class SqliteHostileCommitsMaintenanceTest extends HostileCommitsMaintenanceTests {
  @TempDir Path databaseDirectory;

  @Override
  protected Database database() {
    return Database.sqlite(databaseDirectory);
  }
}
