package dev.firn.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options by which a command that works on firn serve's own data (its database, its storage)
 * finds the settings firn serve reads: the same file, the same environment, and these overrides.
 */
final class ServeSettingsOptions {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "The settings file firn serve reads.")
  Path configFile;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "firn serve's data folder.")
  String dataDirectory;

  @Option(names = "--database-url", paramLabel = "JDBC_URL", description = "Catalog database.")
  String databaseUrl;

  /** firn serve's settings, as it would read them here and now. */
  ServeConfig serveConfig() {
    Map<String, String> options = new HashMap<>();
    options.put(ServeConfig.DATA_DIR, dataDirectory);
    options.put(ServeConfig.DATABASE_URL, databaseUrl);
    return ServeConfig.from(Settings.load(configFile, System.getenv(), options));
  }
}
