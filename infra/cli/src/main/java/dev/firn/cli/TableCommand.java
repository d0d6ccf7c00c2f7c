package dev.firn.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code firn table}: list, describe and drop tables. */
@Command(
    name = "table",
    mixinStandardHelpOptions = true,
    description = "Lists, describes and drops tables.",
    subcommands = {
      TableCommand.ListCommand.class,
      TableCommand.Describe.class,
      TableCommand.Drop.class
    })
final class TableCommand extends CommandGroup {
  static TableIdentifier parse(String text) {
    if (text == null || !text.contains(".") || text.startsWith(".") || text.endsWith(".")) {
      throw new UsageException(
          "Invalid table: " + text + " (write it as namespace.name, e.g. raw.shop.orders)");
    }
    return TableIdentifier.parse(text);
  }

  /** {@code firn table list NS}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists a namespace's tables.")
  static final class ListCommand extends CatalogCommand {
    @Parameters(paramLabel = "NAMESPACE", description = "e.g. raw.shop")
    String namespace;

    @Override
    int run(RESTCatalog client, PrintWriter out) {
      client.listTables(NamespaceCommand.parse(namespace)).stream()
          .map(TableIdentifier::toString)
          .sorted()
          .forEach(out::println);
      return ExitCode.OK;
    }
  }

  /** {@code firn table describe TABLE}. */
  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description = "Shows a table's schema, partition spec, branches, snapshot and properties.")
  static final class Describe extends CatalogCommand {
    @Parameters(paramLabel = "TABLE", description = "e.g. raw.shop.orders")
    String table;

    @Override
    int run(RESTCatalog client, PrintWriter out) {
      Table loaded = client.loadTable(parse(table));
      out.println(loaded.name().replaceFirst("^[^.]+\\.", ""));
      out.println("  location   " + loaded.location());
      out.println(
          "  format     v"
              + ((org.apache.iceberg.HasTableOperations) loaded)
                  .operations()
                  .current()
                  .formatVersion());
      out.println("  schema");
      for (Types.NestedField column : loaded.schema().columns()) {
        out.println(
            "    "
                + column.name()
                + "  "
                + column.type()
                + (column.isRequired() ? "  not null" : "")
                + (column.doc() == null ? "" : "  -- " + column.doc()));
      }
      out.println(
          "  partition  "
              + (loaded.spec().isUnpartitioned() ? "unpartitioned" : loaded.spec().fields()));
      Snapshot current = loaded.currentSnapshot();
      if (current == null) {
        out.println("  snapshot   none (empty table)");
      } else {
        Map<String, String> summary = current.summary();
        out.println(
            "  snapshot   "
                + current.snapshotId()
                + " at "
                + Instant.ofEpochMilli(current.timestampMillis())
                + " ("
                + current.operation()
                + "), "
                + summary.getOrDefault("total-records", "?")
                + " rows in "
                + summary.getOrDefault("total-data-files", "?")
                + " data files");
      }
      for (Map.Entry<String, SnapshotRef> ref : new TreeMap<>(loaded.refs()).entrySet()) {
        out.println(
            "  "
                + (ref.getValue().isBranch() ? "branch" : "tag")
                + "     "
                + ref.getKey()
                + " -> "
                + ref.getValue().snapshotId());
      }
      new TreeMap<>(loaded.properties())
          .forEach((key, value) -> out.println("  property   " + key + "=" + value));
      return ExitCode.OK;
    }
  }

  /** {@code firn table drop TABLE [--purge]}. */
  @Command(
      name = "drop",
      mixinStandardHelpOptions = true,
      description = "Drops a table from the catalog; --purge also deletes its files.")
  static final class Drop extends CatalogCommand {
    @Parameters(paramLabel = "TABLE", description = "e.g. raw.shop.orders")
    String table;

    @Option(names = "--purge", description = "Delete the table's files too (cannot be undone).")
    boolean purge;

    @Override
    int run(RESTCatalog client, PrintWriter out) {
      TableIdentifier id = parse(table);
      if (!client.dropTable(id, purge)) {
        throw new NoSuchTableException("Table does not exist: %s", id);
      }
      out.println("Dropped table " + id + (purge ? " and its files" : ""));
      return ExitCode.OK;
    }
  }
}
