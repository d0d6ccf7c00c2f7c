package dev.firn.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlDialectTest {
  @Test
  void readsTheDialectFromTheJdbcUrl() {
    assertThat(SqlDialect.ofUrl("jdbc:sqlite:/tmp/catalog.db")).isEqualTo(SqlDialect.SQLITE);
    assertThat(SqlDialect.ofUrl("JDBC:PostgreSQL://db:5432/firn")).isEqualTo(SqlDialect.POSTGRESQL);
    assertThat(SqlDialect.ofUrl("jdbc:mysql://db/firn")).isNull();
  }

  @Test
  void onlyPostgresqlLocksRowsAndIndexesForPrefixSearch() {
    assertThat(SqlDialect.SQLITE.lockRows()).isEmpty();
    assertThat(SqlDialect.POSTGRESQL.lockRows()).isEqualTo(" FOR UPDATE");
    assertThat(SqlDialect.SQLITE.prefixSearchable("path")).isEqualTo("path");
    assertThat(SqlDialect.POSTGRESQL.prefixSearchable("path"))
        .isEqualTo("path varchar_pattern_ops");
  }
}
