package dev.firn.catalog.conformance;

import dev.firn.catalog.TestCatalogServers.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Iceberg's catalog conformance suite on Firn with its embedded SQLite database. */
class SqliteCatalogTest extends FirnCatalogTests {
  @TempDir Path databaseDirectory;

  @Override
  protected Database database() {
    return Database.sqlite(databaseDirectory);
  }
}
