package dev.firn.cli;

import dev.firn.catalog.store.DatabaseConfig;
import dev.firn.vocabulary.SqlDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code firn backup FILE}: a consistent copy of the catalog database, taken while {@code firn
 * serve} runs. For SQLite, the database's own online copy ({@code VACUUM INTO}), which sees one
 * committed state; PostgreSQL has {@code pg_dump} for that, and the command says so.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Copy the catalog database to FILE, consistently, while firn serve runs.",
      "SQLite (the default): an online copy. Restore it by stopping firn serve and putting the"
          + " copy in place of data-dir/catalog.db. PostgreSQL: use pg_dump --format=custom and"
          + " pg_restore (README, Backup and recovery).",
      "The tables' data and metadata files live in object storage, not in this copy."
    })
final class BackupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "Where the copy goes; must not exist yet.")
  Path target;

  @Mixin ServeSettingsOptions settings = new ServeSettingsOptions();

  @Override
  public Integer call() {
    DatabaseConfig database = settings.serveConfig().database();
    if (database.dialect() != SqlDialect.SQLITE) {
      throw new UsageException(
          "The catalog database is PostgreSQL: back it up with pg_dump --format=custom and"
              + " restore it with pg_restore (README, Backup and recovery)");
    }
    Path source = Path.of(database.jdbcUrl().substring("jdbc:sqlite:".length()));
    if (!Files.isRegularFile(source)) {
      throw new UsageException("No catalog database at " + source + ": set --data-dir");
    }
    Path copy = target.toAbsolutePath();
    if (Files.exists(copy)) {
      throw new UsageException(copy + " exists: name a new file");
    }
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute("VACUUM INTO '" + copy.toString().replace("'", "''") + "'");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot copy the catalog database " + source + " to " + copy + ": " + e.getMessage(), e);
    }
    long bytes;
    try {
      bytes = Files.size(copy);
    } catch (IOException e) {
      bytes = -1;
    }
    spec.commandLine()
        .getOut()
        .println(
            "Copied the catalog database "
                + source
                + " to "
                + copy
                + " ("
                + bytes
                + " bytes). To restore: stop firn serve, then put the copy in place of "
                + source
                + ".");
    return ExitCode.OK;
  }
}
