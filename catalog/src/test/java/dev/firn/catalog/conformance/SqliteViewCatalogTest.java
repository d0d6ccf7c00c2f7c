package dev.firn.catalog.conformance;

import dev.firn.catalog.TestCatalogServers.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Iceberg's view catalog conformance suite on Firn with its embedded SQLite database. */
class SqliteViewCatalogTest extends FirnViewCatalogTests {
  @TempDir Path databaseDirectory;

  @Override
  protected Database database() {
    return Database.sqlite(databaseDirectory);
  }
}
