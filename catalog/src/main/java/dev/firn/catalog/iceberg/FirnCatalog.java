package dev.firn.catalog.iceberg;

import dev.firn.boundary.FencedFileIO;
import dev.firn.boundary.TableLocation;
import dev.firn.catalog.CatalogMetrics;
import dev.firn.catalog.PropertyRule;
import dev.firn.catalog.rebase.AppendRebase;
import dev.firn.catalog.rebase.AppendRequest;
import dev.firn.catalog.rebase.RewriteRequest;
import dev.firn.catalog.store.NamespaceStore;
import dev.firn.catalog.store.ObjectKind;
import dev.firn.catalog.store.TableStore;
import dev.firn.vocabulary.TableGc;
import dev.firn.vocabulary.Zone;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.view.BaseMetastoreViewCatalog;
import org.apache.iceberg.view.View;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firn's catalog as Iceberg sees it: tables, views and namespaces over Firn's store, with every
 * location assigned and checked by Firn. Iceberg's {@code CatalogHandlers} drive it for the REST
 * service.
 */
public final class FirnCatalog extends BaseMetastoreViewCatalog implements SupportsNamespaces {
  private static final Logger LOG = LoggerFactory.getLogger(FirnCatalog.class);

  private final String name;
  private final NamespaceStore namespaces;
  private final TableStore tables;
  private final FileIO io;
  private final TableLocations locations;
  private final PointerCommit pointer;
  private final MetadataCache cache;
  private final NamespaceProperties namespaceProperties;

  private final PropertyRule propertyRule;
  private final AppendRebase rebase;
  private final Clock clock;
  private final CatalogMetrics metrics;
  private final TableFence fence;

  /**
   * @param cache parsed metadata files, shared with whoever reports its figures
   * @param rebaseAppends whether appends that lost a race on their branch are put on the new head
   *     (see {@link #rebaseAppend})
   * @param clock the time of rebased snapshots
   */
  public FirnCatalog(
      String name,
      NamespaceStore namespaces,
      TableStore tables,
      FileIO io,
      MetadataCache cache,
      String warehouse,
      CatalogMetrics metrics,
      PropertyRule propertyRule,
      boolean rebaseAppends,
      Clock clock) {
    this.name = name;
    this.clock = clock;
    this.metrics = metrics;
    this.propertyRule =
        (key, value) -> {
          AppendRebase.checkProperty(key, value);
          propertyRule.check(key, value);
        };
    this.namespaces = namespaces;
    this.tables = tables;
    this.io = io;
    this.locations = new TableLocations(warehouse);
    this.fence = new TableFence(tables, locations);
    this.pointer = new PointerCommit(tables, io, metrics);
    this.cache = cache;
    this.namespaceProperties = new NamespaceProperties(this.propertyRule, locations);
    this.rebase = rebaseAppends ? new AppendRebase(io, clock, metrics) : null;
  }

  @Override
  public String name() {
    return name;
  }

  /** Creates the zone namespaces that do not exist yet. */
  public void createZones() {
    for (Zone value : Zone.values()) {
      Namespace zone = value.namespace();
      if (!namespaces.exists(zone)) {
        try {
          namespaces.create(zone, Map.of("comment", value.description()));
          LOG.info("Created zone {}", zone);
        } catch (AlreadyExistsException e) {
          LOG.debug("Zone {} was created concurrently", zone);
        }
      }
    }
  }

  public FileIO io() {
    return io;
  }

  public String warehouse() {
    return locations.warehouse();
  }

  /** The current metadata file of a table, read from the database alone. */
  public Optional<String> tableMetadataLocation(TableIdentifier identifier) {
    return tables.metadataLocation(identifier, ObjectKind.TABLE);
  }

  /**
   * Applies changes to several tables atomically: all of them, or none.
   *
   * @throws CommitFailedException when a requirement fails or conflicts persist; nothing applied
   */
  public void commitTransaction(List<UpdateTableRequest> changes) {
    for (UpdateTableRequest change : changes) {
      if (change.identifier() != null) {
        Identifiers.check(change.identifier());
      }
    }
    new MultiTableCommit(this::newTableOps, pointer, io).commit(changes);
  }

  /**
   * Commits an update that failed only because its branch moved, when it is a plain append, or a
   * rewrite over appends only, of a format version 1 or 2 table: the client's snapshot goes on the
   * branch's current head, as the client's own retry would put it.
   *
   * @return the table's new metadata, or empty when the update was not rebased and nothing changed
   * @throws org.apache.iceberg.exceptions.CommitStateUnknownException when the outcome is unknown
   */
  public Optional<TableMetadata> rebaseAppend(
      TableIdentifier identifier, UpdateTableRequest update) {
    if (rebase == null) {
      return Optional.empty();
    }
    Optional<AppendRequest> append = AppendRequest.of(update);
    if (append.isPresent()) {
      return rebase.commit(identifier, newTableOps(identifier), append.get());
    }
    return RewriteRequest.of(update)
        .flatMap(rewrite -> rebase.commitRewrite(identifier, newTableOps(identifier), rewrite));
  }

  /**
   * Runs a REST table update: a rewrite in it that loses its race is rebased from the request (see
   * {@link #rebaseAppend}), every requirement it sent checked, not from the version it made.
   */
  public static <T> T servingRequest(java.util.function.Supplier<T> update) {
    return FirnTableOperations.servingRequest(update);
  }

  @Override
  protected FirnTableOperations newTableOps(TableIdentifier identifier) {
    FirnTableOperations ops =
        new FirnTableOperations(
            identifier,
            fullTableName(name(), identifier),
            tables,
            io,
            locations,
            pointer,
            cache,
            propertyRule,
            clock,
            metrics,
            fence);
    return rebase == null
        ? ops
        : ops.rebasingRewrites(
            (self, base, updated) ->
                RewriteRequest.of(base, updated)
                    .flatMap(rewrite -> rebase.commitRewrite(identifier, self, rewrite)));
  }

  @Override
  protected FirnViewOperations newViewOps(TableIdentifier identifier) {
    return new FirnViewOperations(
        identifier, fullTableName(name(), identifier), tables, io, locations, pointer, cache);
  }

  @Override
  protected String defaultWarehouseLocation(TableIdentifier identifier) {
    Identifiers.check(identifier);
    return locations.newLocation(identifier);
  }

  @Override
  protected boolean isValidIdentifier(TableIdentifier identifier) {
    return !identifier.namespace().isEmpty();
  }

  // Tables

  /** A new, unique location for a table or view, under its zone. */
  public String newLocation(TableIdentifier identifier) {
    return defaultWarehouseLocation(identifier);
  }

  /**
   * Checks a table about to be staged, whose metadata is not written yet: its name, location and
   * path properties, and that its location overlaps no other object's.
   */
  public void checkStagedTable(
      TableIdentifier identifier, String location, Map<String, String> properties) {
    Identifiers.check(identifier);
    properties.forEach((key, value) -> locations.checkNewProperty(identifier, key, value));
    String normalized = locations.checkTable(identifier, location, properties, true);
    tables
        .locationConflict(identifier, normalized)
        .ifPresent(other -> locations.rejectOverlap(identifier, normalized, other));
  }

  @Override
  public List<TableIdentifier> listTables(Namespace namespace) {
    return tables.list(namespace, ObjectKind.TABLE);
  }

  @Override
  public boolean dropTable(TableIdentifier identifier, boolean purge) {
    TableMetadata last = null;
    TableLocation deletable = null;
    if (purge) {
      TableOperations ops = newTableOps(identifier);
      last = ops.current();
      if (last == null) {
        return false;
      }
      // Worked out before the drop releases the table's locations in the registry.
      deletable = fence.of(identifier, last);
    }
    if (!tables.drop(identifier, ObjectKind.TABLE)) {
      return false;
    }
    LOG.info("Dropped table {}{}", identifier, purge ? " (purge)" : "");
    if (last != null) {
      purgeFiles(identifier, last, deletable);
    }
    return true;
  }

  /**
   * The roots under which a table may delete, for a client's fence: its location and those it was
   * moved from, or none when its metadata states a location that is not its own.
   */
  public List<String> deletableRoots(TableIdentifier identifier, TableMetadata metadata) {
    return fence.of(identifier, metadata).roots();
  }

  /**
   * Where a table's files may be: its location and those it was moved from, as the catalog knows
   * them now.
   *
   * @throws org.apache.iceberg.exceptions.NoSuchTableException when there is no such table
   */
  public TableLocation boundary(TableIdentifier identifier) {
    Table table = loadTable(identifier);
    TableMetadata metadata =
        table instanceof org.apache.iceberg.HasTableOperations operations
            ? operations.operations().current()
            : null;
    if (metadata == null) {
      return TableLocation.none(table.location(), "its metadata cannot be read");
    }
    return fence.of(identifier, metadata);
  }

  private void purgeFiles(
      TableIdentifier identifier, TableMetadata metadata, TableLocation deletable) {
    if (!TableGc.enabled(metadata.properties())) {
      LOG.warn("Purge of {}: {}", identifier, TableGc.DISABLED);
      return;
    }
    if (deletable.roots().isEmpty()) {
      LOG.warn("Purge of {} deletes no file: {}", identifier, deletable.refusal(null).orElse(""));
    }
    FencedFileIO fenced = FencedFileIO.of(io, deletable, refused -> metrics.refusedDelete());
    try {
      CatalogUtil.dropTableData(fenced, metadata);
    } catch (RuntimeException e) {
      // The table is gone from the catalog; leftover files are orphans for maintenance to remove.
      LOG.warn("Could not delete every file of dropped table {}", identifier, e);
    }
  }

  @Override
  public void renameTable(TableIdentifier from, TableIdentifier to) {
    Identifiers.check(to);
    tables.rename(from, to, ObjectKind.TABLE);
  }

  @Override
  public Table registerTable(TableIdentifier identifier, String metadataFileLocation) {
    return registerTable(identifier, metadataFileLocation, false);
  }

  @Override
  public Table registerTable(
      TableIdentifier identifier, String metadataFileLocation, boolean overwrite) {
    checkRegistered(identifier, metadataFileLocation);
    FirnTableOperations ops = newTableOps(identifier).registering();
    TableMetadata current = ops.current();
    if (current != null && !overwrite) {
      throw new AlreadyExistsException("Table already exists: %s", identifier);
    }
    if (current == null && tables.find(identifier).isPresent()) {
      throw new AlreadyExistsException("View with same name already exists: %s", identifier);
    }
    TableMetadata metadata = TableMetadataParser.read(io, metadataFileLocation);
    ops.commit(current, metadata);
    // Later commits through the returned table are ordinary ones.
    return new BaseTable(
        newTableOps(identifier), fullTableName(name(), identifier), metricsReporter());
  }

  /**
   * Puts a table back under its name from its metadata file, as {@code firn recover} does after the
   * catalog database was lost: the pointer is that file, and the location may lie in another zone
   * than the name's, as a rename leaves it.
   */
  public void restoreTable(TableIdentifier identifier, String metadataFileLocation) {
    checkRegistered(identifier, metadataFileLocation);
    FirnTableOperations ops = newTableOps(identifier).restoring();
    if (tables.find(identifier).isPresent()) {
      throw new AlreadyExistsException("Table or view already exists: %s", identifier);
    }
    ops.commit(null, TableMetadataParser.read(io, metadataFileLocation));
  }

  /** Puts a view back under its name from its metadata file (see {@link #restoreTable}). */
  public void restoreView(TableIdentifier identifier, String metadataFileLocation) {
    checkRegistered(identifier, metadataFileLocation);
    if (tables.find(identifier).isPresent()) {
      throw new AlreadyExistsException("Table or view already exists: %s", identifier);
    }
    newViewOps(identifier)
        .restoring()
        .commit(
            null,
            org.apache.iceberg.view.ViewMetadataParser.read(io.newInputFile(metadataFileLocation)));
  }

  private void checkRegistered(TableIdentifier identifier, String metadataFileLocation) {
    Identifiers.check(identifier);
    if (metadataFileLocation == null || !locations.isInWarehouse(metadataFileLocation)) {
      throw new BadRequestException(
          "Invalid metadata location: %s (must be inside the warehouse %s)",
          metadataFileLocation, locations.warehouse());
    }
  }

  // Views

  @Override
  public List<TableIdentifier> listViews(Namespace namespace) {
    return tables.list(namespace, ObjectKind.VIEW);
  }

  @Override
  public boolean dropView(TableIdentifier identifier) {
    boolean dropped = tables.drop(identifier, ObjectKind.VIEW);
    if (dropped) {
      LOG.info("Dropped view {}", identifier);
    }
    return dropped;
  }

  @Override
  public void renameView(TableIdentifier from, TableIdentifier to) {
    Identifiers.check(to);
    tables.rename(from, to, ObjectKind.VIEW);
  }

  @Override
  public View registerView(TableIdentifier identifier, String metadataFileLocation) {
    checkRegistered(identifier, metadataFileLocation);
    return super.registerView(identifier, metadataFileLocation);
  }

  // Namespaces

  @Override
  public void createNamespace(Namespace namespace, Map<String, String> properties) {
    Identifiers.check(namespace);
    namespaceProperties.checkSet(namespace, properties);
    namespaces.create(namespace, properties);
  }

  @Override
  public List<Namespace> listNamespaces(Namespace parent) {
    return namespaces.children(parent);
  }

  @Override
  public Map<String, String> loadNamespaceMetadata(Namespace namespace) {
    return namespaceProperties.shown(namespace, namespaces.properties(namespace));
  }

  @Override
  public boolean dropNamespace(Namespace namespace) {
    if (Zone.isZone(namespace)) {
      throw new BadRequestException("Cannot drop namespace %s: it is a Firn zone", namespace);
    }
    return namespaces.drop(namespace);
  }

  @Override
  public boolean setProperties(Namespace namespace, Map<String, String> properties) {
    namespaceProperties.checkSet(namespace, properties);
    namespaces.setProperties(namespace, properties);
    return true;
  }

  @Override
  public boolean removeProperties(Namespace namespace, Set<String> properties) {
    namespaceProperties.checkRemoved(properties);
    return namespaces.removeProperties(namespace, properties);
  }

  @Override
  public boolean namespaceExists(Namespace namespace) {
    return namespaces.exists(namespace);
  }

  /** Whether a table exists, without loading its metadata. */
  @Override
  public boolean tableExists(TableIdentifier identifier) {
    return tables.metadataLocation(identifier, ObjectKind.TABLE).isPresent();
  }

  @Override
  public boolean viewExists(TableIdentifier identifier) {
    return tables.metadataLocation(identifier, ObjectKind.VIEW).isPresent();
  }
}
