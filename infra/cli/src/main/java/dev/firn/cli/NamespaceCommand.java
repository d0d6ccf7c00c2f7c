package dev.firn.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.rest.RESTCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code firn namespace}: create, list and drop namespaces. Zones are the top-level ones. */
@Command(
    name = "namespace",
    mixinStandardHelpOptions = true,
    description = "Creates, lists and drops namespaces (the zones are the top level).",
    subcommands = {
      NamespaceCommand.Create.class,
      NamespaceCommand.ListCommand.class,
      NamespaceCommand.Drop.class
    })
final class NamespaceCommand extends CommandGroup {
  static Namespace parse(String text) {
    if (text == null || text.isBlank() || text.startsWith(".") || text.endsWith(".")) {
      throw new UsageException(
          "Invalid namespace: " + text + " (write it as zone.name, e.g. raw.shop)");
    }
    return Namespace.of(text.split("\\."));
  }

  /** {@code firn namespace create NS}: like {@code mkdir -p}, creates the levels missing. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates a namespace and any missing namespace above it.")
  static final class Create extends CatalogCommand {
    @Parameters(paramLabel = "NAMESPACE", description = "e.g. raw.shop")
    String namespace;

    @Option(
        names = "--property",
        paramLabel = "KEY=VALUE",
        description = "A property of the namespace created last, e.g. --property owner=crm.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    int run(RESTCatalog client, PrintWriter out) {
      String[] levels = parse(namespace).levels();
      int created = 0;
      for (int depth = 1; depth <= levels.length; depth++) {
        Namespace level = Namespace.of(Arrays.copyOf(levels, depth));
        if (client.namespaceExists(level)) {
          continue;
        }
        try {
          client.createNamespace(
              level,
              depth == levels.length ? new LinkedHashMap<>(properties) : new LinkedHashMap<>());
          out.println("Created namespace " + level);
          created++;
        } catch (AlreadyExistsException e) {
          // Created meanwhile by someone else: what this command wanted.
        }
      }
      if (created == 0) {
        out.println("Namespace " + namespace + " exists already.");
      }
      return ExitCode.OK;
    }
  }

  /** {@code firn namespace list [PARENT]}: the namespaces under a parent, with locations. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the namespaces under a namespace (all, nested, by default the zones).")
  static final class ListCommand extends CatalogCommand {
    @Parameters(paramLabel = "PARENT", arity = "0..1", description = "e.g. raw")
    String parent;

    @Override
    int run(RESTCatalog client, PrintWriter out) {
      Namespace root = parent == null ? Namespace.empty() : parse(parent);
      if (!root.isEmpty() && !client.namespaceExists(root)) {
        throw new NoSuchNamespaceException("Namespace does not exist: %s", root);
      }
      List<Namespace> all = new ArrayList<>();
      walk(client, root, all);
      for (Namespace namespace : all) {
        String location = client.loadNamespaceMetadata(namespace).get("location");
        out.println(namespace + (location == null ? "" : "  " + location));
      }
      return ExitCode.OK;
    }

    private static void walk(RESTCatalog client, Namespace parent, List<Namespace> into) {
      for (Namespace child : client.listNamespaces(parent)) {
        into.add(child);
        walk(client, child, into);
      }
    }
  }

  /** {@code firn namespace drop NS}: drops an empty namespace. */
  @Command(
      name = "drop",
      mixinStandardHelpOptions = true,
      description = "Drops an empty namespace (zones cannot be dropped).")
  static final class Drop extends CatalogCommand {
    @Parameters(paramLabel = "NAMESPACE", description = "e.g. raw.shop")
    String namespace;

    @Override
    int run(RESTCatalog client, PrintWriter out) {
      Namespace dropped = parse(namespace);
      if (!client.dropNamespace(dropped)) {
        throw new NoSuchNamespaceException("Namespace does not exist: %s", dropped);
      }
      out.println("Dropped namespace " + dropped);
      return ExitCode.OK;
    }
  }
}
