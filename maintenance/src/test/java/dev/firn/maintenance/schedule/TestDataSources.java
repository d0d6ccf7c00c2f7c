package dev.firn.maintenance.schedule;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.firn.testing.PostgresEndpoint;
import java.nio.file.Path;

/** Connection pools on a test's database, set up as the catalog sets up its own. */
final class TestDataSources {
  private TestDataSources() {}

  static HikariDataSource sqlite(Path file) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
    config.setMaximumPoolSize(4);
    config.addDataSourceProperty("journal_mode", "WAL");
    config.addDataSourceProperty("synchronous", "FULL");
    config.addDataSourceProperty("busy_timeout", "30000");
    return new HikariDataSource(config);
  }

  static HikariDataSource postgres(PostgresEndpoint endpoint) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(endpoint.jdbcUrl());
    config.setUsername(endpoint.user());
    config.setPassword(endpoint.password());
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }
}
