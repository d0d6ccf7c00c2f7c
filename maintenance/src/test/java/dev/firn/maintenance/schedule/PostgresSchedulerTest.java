package dev.firn.maintenance.schedule;

import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.PostgresExtension;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresSchedulerTest extends SchedulerTests {
  private final PostgresEndpoint server;
  private PostgresEndpoint database;

  PostgresSchedulerTest(PostgresEndpoint server) {
    this.server = server;
  }

  @BeforeEach
  void createDatabase() {
    database = server.newDatabase("maintenance");
  }

  @Override
  protected DataSource openDataSource() {
    return TestDataSources.postgres(database);
  }
}
