package dev.firn.cli;

import dev.firn.maintenance.policy.EffectivePolicy;
import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyResolver;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code firn policy}: maintenance policies. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description =
        "Maintenance policies: firn.maintenance.* properties of zones, namespaces, tables.",
    subcommands = {PolicyCommand.Show.class})
final class PolicyCommand extends CommandGroup {
  /** {@code firn policy show TABLE}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Prints a table's effective maintenance policy and where each value comes from: Firn's"
              + " defaults, its zone, each namespace above it, or the table.")
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "TABLE", description = "The table, e.g. curated.sales.orders.")
    String table;

    @Mixin CatalogOptions catalog;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (RESTCatalog client = catalog.connect(System.getenv())) {
        EffectivePolicy policy =
            new PolicyResolver(PolicyDefaults.standard())
                .resolve(client, TableIdentifier.parse(table));
        spec.commandLine().getOut().print(policy.describe());
        return 0;
      } catch (IOException e) {
        throw new IllegalStateException("Cannot close the catalog client: " + e.getMessage(), e);
      }
    }
  }
}
