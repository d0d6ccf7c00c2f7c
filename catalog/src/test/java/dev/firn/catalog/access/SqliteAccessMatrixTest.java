package dev.firn.catalog.access;

import dev.firn.catalog.TestCatalogServers.Database;
import java.nio.file.Files;

/** The privilege matrix on SQLite. */
class SqliteAccessMatrixTest extends AccessMatrixTests {
  @Override
  protected Database database() throws Exception {
    return Database.sqlite(Files.createTempDirectory("access-matrix"));
  }
}
