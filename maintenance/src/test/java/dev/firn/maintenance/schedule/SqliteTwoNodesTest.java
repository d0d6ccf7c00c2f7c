package dev.firn.maintenance.schedule;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;

class SqliteTwoNodesTest extends TwoNodesTests {
  @TempDir Path dir;

  @Override
  protected DataSource openDataSource() {
    return TestDataSources.sqlite(dir.resolve("catalog.db"));
  }
}
