package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.cli.CommandRuns.Run;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code firn recover} after the PostgreSQL schema is dropped: every table, view and namespace
 * comes back as a client saw it.
 */
@ExtendWith(PostgresExtension.class)
class PostgresRecoverTest {
  @Test
  void aDroppedSchemaComesBackFromTheWarehouse(PostgresEndpoint postgres, @TempDir Path dataDir)
      throws Exception {
    PostgresEndpoint database = postgres.newDatabase("recover");
    Map<String, String> settings = new TreeMap<>();
    settings.put(ServeConfig.DATA_DIR, dataDir.toString());
    settings.put(ServeConfig.CATALOG_PORT, "0");
    settings.put(ServeConfig.MANAGEMENT_PORT, "-1");
    settings.put(ServeConfig.StorageConfig.EMBEDDED_PORT, "0");
    settings.put(ServeConfig.DATABASE_URL, database.jdbcUrl());
    settings.put(ServeConfig.DATABASE_USER, database.user());
    if (database.password() != null) {
      settings.put(ServeConfig.DATABASE_PASSWORD, database.password());
    }
    Path file = dataDir.resolve("firn.properties");
    Files.writeString(
        file,
        settings.entrySet().stream()
            .map(entry -> entry.getKey() + "=" + entry.getValue())
            .collect(Collectors.joining("\n")));
    ServeConfig config = ServeConfig.from(Settings.load(file, Map.of(), Map.of()));

    LakeForRecovery.Seen before;
    try (ServeStack stack = ServeStack.start(config);
        RESTCatalog client = CommandRuns.client(stack)) {
      LakeForRecovery.seed(client);
      before = LakeForRecovery.see(client);
    }
    assertThat(before.tables()).hasSize(52);

    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA public CASCADE");
      statement.execute("CREATE SCHEMA public");
    }
    Run recovered = CommandRuns.firn(Firn.commandLine(), "recover", "-c", file.toString());
    assertThat(recovered.exit()).as(recovered.out() + recovered.err()).isZero();
    assertThat(recovered.out()).contains("Restored").contains("52 tables and 1 views");

    try (ServeStack stack = ServeStack.start(config);
        RESTCatalog client = CommandRuns.client(stack)) {
      LakeForRecovery.Seen after = LakeForRecovery.see(client);
      assertThat(after.tables()).isEqualTo(before.tables());
      assertThat(after.views()).isEqualTo(before.views());
      assertThat(after.namespaces()).isEqualTo(before.namespaces());
    }
  }
}
