package dev.firn.maintenance.schedule;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;

class SqliteLeaseAndHistoryTest extends LeaseAndHistoryTests {
  @TempDir Path dir;

  @Override
  protected DataSource openDataSource() {
    return TestDataSources.sqlite(dir.resolve("catalog.db"));
  }
}
