package dev.firn.catalog.commits;

import dev.firn.catalog.TestCatalogServers.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Atomic multi-table transactions on Firn's embedded SQLite database. */
class SqliteMultiTableCommitTest extends MultiTableCommitTests {
  @TempDir Path databaseDirectory;

  @Override
  protected Database database() {
    return Database.sqlite(databaseDirectory);
  }
}
