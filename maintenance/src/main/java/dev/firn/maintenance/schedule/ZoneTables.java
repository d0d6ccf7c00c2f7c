package dev.firn.maintenance.schedule;

import dev.firn.maintenance.policy.PolicyResolver;
import dev.firn.maintenance.policy.PolicyResolver.Layer;
import dev.firn.vocabulary.Zone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;

/**
 * The tables Firn maintains: every table under the zone namespaces, at any depth, each loaded with
 * its effective policy.
 */
public final class ZoneTables {
  private final Catalog catalog;
  private final SupportsNamespaces namespaces;
  private final PolicyResolver resolver;

  public ZoneTables(Catalog catalog, PolicyResolver resolver) {
    if (!(catalog instanceof SupportsNamespaces supportsNamespaces)) {
      throw new IllegalArgumentException("Catalog " + catalog.name() + " has no namespaces");
    }
    this.catalog = catalog;
    this.namespaces = supportsNamespaces;
    this.resolver = resolver;
  }

  /** Every table under the zones, zone by zone, each namespace's tables before its children's. */
  public List<TableIdentifier> list() {
    List<TableIdentifier> tables = new ArrayList<>();
    for (Zone zone : Zone.values()) {
      walk(zone.namespace(), tables);
    }
    return tables;
  }

  /**
   * Every table under a namespace, at any depth, each namespace's tables before its children's: the
   * tables {@code firn maintain} runs on when it is given a zone or a namespace.
   *
   * @throws NoSuchNamespaceException when the namespace does not exist
   */
  public List<TableIdentifier> list(Namespace namespace) {
    if (!namespaces.namespaceExists(namespace)) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
    List<TableIdentifier> tables = new ArrayList<>();
    walk(namespace, tables);
    return tables;
  }

  /** A table with its policy. */
  public MaintainedTable load(TableIdentifier id) {
    return load(id, new HashMap<>());
  }

  /**
   * A table with its policy, resolved as {@link PolicyResolver#resolve(Catalog, TableIdentifier)}
   * does, but reading the table once and each namespace's properties once per cache, so a tick over
   * many tables of one namespace asks the catalog once for that namespace.
   */
  MaintainedTable load(TableIdentifier id, Map<Namespace, Map<String, String>> namespaceCache) {
    Table table = catalog.loadTable(id);
    String[] levels = id.namespace().levels();
    List<Layer> layers = new ArrayList<>();
    for (int depth = 1; depth <= levels.length; depth++) {
      Namespace namespace = Namespace.of(Arrays.copyOf(levels, depth));
      Map<String, String> properties =
          namespaceCache.computeIfAbsent(namespace, namespaces::loadNamespaceMetadata);
      layers.add(new Layer("namespace " + namespace, properties));
    }
    layers.add(new Layer("table " + id, table.properties()));
    String zone = levels.length == 0 ? null : levels[0];
    return new MaintainedTable(id, table, resolver.resolve(zone, layers));
  }

  /** The table's current snapshot, or null when it has none or cannot be loaded. */
  Long currentSnapshotId(TableIdentifier id) {
    try {
      Snapshot current = catalog.loadTable(id).currentSnapshot();
      return current == null ? null : current.snapshotId();
    } catch (RuntimeException e) {
      // The job itself will load the table and report why it cannot.
      return null;
    }
  }

  private void walk(Namespace namespace, List<TableIdentifier> tables) {
    try {
      tables.addAll(catalog.listTables(namespace));
      for (Namespace child : namespaces.listNamespaces(namespace)) {
        walk(child, tables);
      }
    } catch (NoSuchNamespaceException e) {
      // A zone not created yet, or a namespace dropped while the walk went on: nothing to do.
    }
  }
}
