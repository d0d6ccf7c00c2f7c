package dev.firn.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.rest.RESTCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code firn branch}: a table's branches, as write-audit-publish leaves them. */
@Command(
    name = "branch",
    mixinStandardHelpOptions = true,
    description = "Lists and drops a table's branches.",
    subcommands = {BranchCommand.ListCommand.class, BranchCommand.Drop.class})
final class BranchCommand extends CommandGroup {
  /** {@code firn branch list TABLE}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists a table's branches.")
  static final class ListCommand extends CatalogCommand {
    @Parameters(paramLabel = "TABLE", description = "e.g. raw.shop.orders")
    String table;

    @Override
    int run(RESTCatalog client, PrintWriter out) {
      Table loaded = client.loadTable(TableCommand.parse(table));
      for (Map.Entry<String, SnapshotRef> ref : new TreeMap<>(loaded.refs()).entrySet()) {
        if (ref.getValue().isBranch()) {
          long id = ref.getValue().snapshotId();
          out.println(
              ref.getKey()
                  + "  snapshot "
                  + id
                  + " at "
                  + Instant.ofEpochMilli(loaded.snapshot(id).timestampMillis()));
        }
      }
      return ExitCode.OK;
    }
  }

  /** {@code firn branch drop TABLE BRANCH}. */
  @Command(
      name = "drop",
      mixinStandardHelpOptions = true,
      description = "Drops a branch (main cannot be dropped); its own snapshots go at expiry.")
  static final class Drop extends CatalogCommand {
    @Parameters(index = "0", paramLabel = "TABLE", description = "e.g. raw.shop.orders")
    String table;

    @Parameters(index = "1", paramLabel = "BRANCH", description = "e.g. audit")
    String branch;

    @Override
    int run(RESTCatalog client, PrintWriter out) {
      if (SnapshotRef.MAIN_BRANCH.equals(branch)) {
        throw new UsageException("Cannot drop branch main");
      }
      Table loaded = client.loadTable(TableCommand.parse(table));
      SnapshotRef ref = loaded.refs().get(branch);
      if (ref == null || !ref.isBranch()) {
        throw new UsageException(
            "Table "
                + table
                + " has no branch "
                + branch
                + " (branches: "
                + loaded.refs().entrySet().stream()
                    .filter(e -> e.getValue().isBranch())
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList()
                + ")");
      }
      loaded.manageSnapshots().removeBranch(branch).commit();
      out.println("Dropped branch " + branch + " of " + table);
      return ExitCode.OK;
    }
  }
}
