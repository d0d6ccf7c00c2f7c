package dev.firn.cli;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.testing.LocalPostgres;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.PostgresExtension;
import dev.firn.testing.TableRows;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL route README gives for backups: {@code pg_dump --format=custom} while Firn serves,
 * the schema dropped, {@code pg_restore} with Firn stopped; every table comes back at its state at
 * the dump.
 */
@ExtendWith(PostgresExtension.class)
class PostgresBackupTest {
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));

  @Test
  void aDumpRestoredAfterTheSchemaIsDroppedServesEveryTableAsItWas(
      PostgresEndpoint postgres, @TempDir Path dataDir, @TempDir Path elsewhere) throws Exception {
    Path found = LocalPostgres.binaries().orElse(null);
    Assumptions.assumeTrue(found != null, "PostgreSQL's programs are not installed");
    // The client programs of the server's own release, beside its initdb.
    Path bin = found.resolve("initdb").toRealPath().getParent();
    PostgresEndpoint database = postgres.newDatabase("backup");
    Map<String, String> environment = new HashMap<>();
    environment.put("FIRN_DATA_DIR", dataDir.toString());
    environment.put("FIRN_CATALOG_PORT", "0");
    environment.put("FIRN_CATALOG_MANAGEMENT_PORT", "-1");
    environment.put("FIRN_STORAGE_EMBEDDED_PORT", "0");
    environment.put("FIRN_DATABASE_URL", database.jdbcUrl());
    environment.put("FIRN_DATABASE_USER", database.user());
    environment.put("FIRN_DATABASE_PASSWORD", database.password());
    ServeConfig config = ServeConfig.from(Settings.load(null, environment, Map.of()));
    List<TableIdentifier> tables = BackupCommandTest.TABLES;
    Map<TableIdentifier, Long> atDump;
    Path dump = elsewhere.resolve("firn.dump");
    try (ServeStack stack = ServeStack.start(config);
        RESTCatalog client = CommandRuns.client(stack)) {
      atDump = BackupCommandTest.seed(client, tables);
      run(bin, database, "pg_dump", "--format=custom", "--file=" + dump);
      TableRows.append(client.loadTable(tables.get(0)), TableRows.numbered(SCHEMA, 100, 101));
    }

    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA public CASCADE");
      statement.execute("CREATE SCHEMA public");
    }
    run(bin, database, "pg_restore", "--no-owner", dump.toString());

    try (ServeStack restored = ServeStack.start(config);
        RESTCatalog client = CommandRuns.client(restored)) {
      BackupCommandTest.assertAsSeeded(client, atDump);
    }
  }

  /** Runs a PostgreSQL client program against the database, failing on a non-zero exit. */
  private static void run(Path bin, PostgresEndpoint database, String program, String... args)
      throws Exception {
    URI url = URI.create(database.jdbcUrl().substring("jdbc:".length()));
    List<String> command =
        new ArrayList<>(
            List.of(
                bin.resolve(program).toString(),
                "--host=" + url.getHost(),
                "--port=" + url.getPort(),
                "--username=" + database.user(),
                "--dbname=" + url.getPath().substring(1)));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", database.password() == null ? "" : database.password());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(program + ": " + output).isZero();
  }
}
