package dev.firn.catalog.commits;

import dev.firn.catalog.TestCatalogServers.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Commit safety under concurrency, on Firn's embedded SQLite database. */
class SqliteCommitSafetyTest extends CommitSafetyTests {
  @TempDir Path databaseDirectory;

  @Override
  protected Database database() {
    return Database.sqlite(databaseDirectory);
  }
}
