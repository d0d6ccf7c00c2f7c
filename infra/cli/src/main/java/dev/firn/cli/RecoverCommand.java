package dev.firn.cli;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.journal.CatalogRecovery;
import dev.firn.cli.ServeConfig.StorageConfig;
import dev.firn.s3.EmbeddedS3;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code firn recover}: rebuilds a lost catalog database from the warehouse, with firn serve
 * stopped. See {@link CatalogRecovery}.
 */
@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description = {
      "Rebuild a lost catalog database from the warehouse, with firn serve stopped.",
      "Namespaces, tables and views come back from the catalog journal Firn keeps in"
          + " warehouse/.firn/catalog/, each table at the newest commit its metadata files'"
          + " history shows. Principals, grants and run history are not in the warehouse and do"
          + " not come back: the report lists them.",
      "When a table's newest commit is unclear (its node died in the middle of it), nothing is"
          + " written and the report names the candidates: choose one with --choose, or leave the"
          + " table out with --skip, and run it again. Exit code 3 when it refused."
    })
final class RecoverCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ServeSettingsOptions settings = new ServeSettingsOptions();

  @Option(names = "--dry-run", description = "Report what would be restored; write nothing.")
  boolean dryRun;

  @Option(
      names = "--choose",
      paramLabel = "TABLE=METADATA_FILE",
      description = "The metadata file to restore for a table whose newest commit is unclear.")
  Map<String, String> chosen = new LinkedHashMap<>();

  @Option(names = "--skip", paramLabel = "TABLE", description = "Leave a table or view out.")
  List<String> skipped = List.of();

  @Override
  public Integer call() {
    ServeConfig config = settings.serveConfig();
    Map<TableIdentifier, String> choices = new LinkedHashMap<>();
    chosen.forEach((name, file) -> choices.put(identifier(name, "--choose"), file));
    Set<TableIdentifier> leftOut = new LinkedHashSet<>();
    skipped.forEach(name -> leftOut.add(identifier(name, "--skip")));

    CatalogRecovery.Report report;
    try (NodeIdentity lock =
        NodeIdentity.claim(
            config.dataDirectory(),
            config.nodeId(),
            "firn serve runs from the data folder "
                + config.dataDirectory()
                + ": stop it before firn recover")) {
      StorageConfig storage =
          ServeStack.withEmbeddedSecret(config.storage(), config.dataDirectory());
      EmbeddedS3 embedded =
          storage.embedded() ? ServeStack.startEmbedded(storage, config.dataDirectory(), 0) : null;
      try {
        URI endpoint = embedded != null ? embedded.endpoint() : storage.endpoint();
        report =
            CatalogServer.recover(
                ServeStack.catalogSettings(config, storage, endpoint).build(),
                new CatalogRecovery.Options(dryRun, choices, leftOut));
      } finally {
        if (embedded != null) {
          embedded.close();
        }
      }
    }
    spec.commandLine().getOut().print(report.render());
    spec.commandLine().getOut().flush();
    return report.complete() ? ExitCode.OK : ExitCode.REJECTED_INPUT;
  }

  private static TableIdentifier identifier(String name, String option) {
    if (name == null || !name.contains(".") || name.startsWith(".") || name.endsWith(".")) {
      throw new UsageException(
          "Invalid table name for " + option + ": " + name + " (write it as namespace.table)");
    }
    return TableIdentifier.parse(name);
  }
}
