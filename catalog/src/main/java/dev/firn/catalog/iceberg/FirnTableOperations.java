package dev.firn.catalog.iceberg;

import dev.firn.boundary.FencedFileIO;
import dev.firn.boundary.TableLocation;
import dev.firn.catalog.CatalogMetrics;
import dev.firn.catalog.PropertyRule;
import dev.firn.catalog.store.ObjectKind;
import dev.firn.catalog.store.PointerChange;
import dev.firn.catalog.store.TableStore;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table's operations: its metadata pointer in Firn's store, its files through one FileIO, whose
 * deletes are fenced to the table's location. Every new version is held against the storage
 * boundary before its metadata file is written.
 */
final class FirnTableOperations extends BaseMetastoreTableOperations {
  private static final Logger LOG = LoggerFactory.getLogger(FirnTableOperations.class);

  /** Reads of a metadata file that fail for a passing reason are retried this often. */
  static final int METADATA_READ_RETRIES = 3;

  private final PropertyRule propertyRule;
  private final TableIdentifier id;
  private final String fullName;
  private final TableStore tables;
  private final FileIO io;
  private final TableLocations locations;
  private final PointerCommit pointer;
  private final MetadataCache cache;
  private final Clock clock;
  private final CatalogMetrics metrics;
  private final TableFence fence;
  private boolean registering;
  private boolean restoring;
  private RewriteRebaser rewrites;

  /**
   * Puts a rewrite (compaction) that lost its race for the pointer on the branch's new head.
   *
   * @return the table's new metadata, or empty when the rewrite cannot go there
   */
  @FunctionalInterface
  interface RewriteRebaser {
    java.util.Optional<TableMetadata> rebase(
        FirnTableOperations ops, TableMetadata base, TableMetadata updated);
  }

  // The version deletes are fenced by: the table's, as last read or committed.
  private volatile TableMetadata known;

  FirnTableOperations(
      TableIdentifier id,
      String fullName,
      TableStore tables,
      FileIO io,
      TableLocations locations,
      PointerCommit pointer,
      MetadataCache cache,
      PropertyRule propertyRule,
      Clock clock,
      CatalogMetrics metrics,
      TableFence fence) {
    this.id = id;
    this.fence = fence;
    this.clock = clock;
    this.metrics = metrics;
    this.propertyRule = propertyRule;
    this.fullName = fullName;
    this.tables = tables;
    this.io = io;
    this.locations = locations;
    this.pointer = pointer;
    this.cache = cache;
  }

  /** Set while a REST update is served: it is rebased by its own request, requirements and all. */
  private static final ThreadLocal<Boolean> REQUEST_REBASES = ThreadLocal.withInitial(() -> false);

  /**
   * Runs a REST table update, whose rewrite, should it lose its race, the caller rebases from the
   * request itself (every requirement it sent checked), not from the version it made.
   */
  public static <T> T servingRequest(java.util.function.Supplier<T> update) {
    REQUEST_REBASES.set(true);
    try {
      return update.get();
    } finally {
      REQUEST_REBASES.set(false);
    }
  }

  /** These operations, rebasing rewrites that lose their race on appends (see {@link #commit}). */
  FirnTableOperations rebasingRewrites(RewriteRebaser rebaser) {
    this.rewrites = rebaser;
    return this;
  }

  /**
   * Commits, and when a rewrite such as a compaction loses its race to appends, puts it on the
   * branch's new head instead of failing it: under steady appends a rewrite retried from scratch
   * would keep losing.
   */
  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    try {
      super.commit(base, metadata);
    } catch (CommitFailedException conflict) {
      // A rebase's own commits lose races too: it tries again itself, on the newest head.
      if (rewrites == null
          || REQUEST_REBASES.get()
          || dev.firn.catalog.rebase.AppendRebase.rebasing()
          || rewrites.rebase(this, base, metadata).isEmpty()) {
        throw conflict;
      }
    }
  }

  @Override
  protected String tableName() {
    return fullName;
  }

  /**
   * These operations for registering a metadata file: every path it holds is new to the catalog,
   * and its history keeps the times it has.
   */
  FirnTableOperations registering() {
    this.registering = true;
    return this;
  }

  /**
   * These operations for putting a table back under its name from the warehouse alone ({@code firn
   * recover}): a registration whose location may lie in another zone, as a rename leaves it.
   */
  FirnTableOperations restoring() {
    this.registering = true;
    this.restoring = true;
    return this;
  }

  /**
   * The table's FileIO, whose deletes are held to where the catalog lets this table delete (see
   * {@link TableFence}), worked out on the first delete.
   */
  @Override
  public FileIO io() {
    TableMetadata version = known;
    return FencedFileIO.lazy(
        io,
        () ->
            version == null
                ? TableLocation.none(null, "the table has no version yet")
                : fence.of(id, version),
        refused -> metrics.refusedDelete());
  }

  @Override
  protected void doRefresh() {
    Optional<String> location = tables.metadataLocation(id, ObjectKind.TABLE);
    if (location.isEmpty()) {
      if (currentMetadataLocation() != null) {
        throw new NoSuchTableException("Table does not exist: %s", id);
      }
      disableRefresh();
      return;
    }
    refreshFromMetadataLocation(location.get(), null, METADATA_READ_RETRIES, this::read);
  }

  private TableMetadata read(String metadataLocation) {
    TableMetadata metadata = cache.table(metadataLocation);
    known = metadata;
    return metadata;
  }

  /** Properties this version sets or changes must pass the catalog's rule. */
  private void checkChangedProperties(TableMetadata base, TableMetadata metadata) {
    Map<String, String> before = base == null ? Map.of() : base.properties();
    metadata
        .properties()
        .forEach(
            (key, value) -> {
              if (!value.equals(before.get(key))) {
                propertyRule.check(key, value);
                locations.checkNewProperty(id, key, value);
              }
            });
  }

  @Override
  protected void doCommit(TableMetadata base, TableMetadata metadata) {
    PointerChange change = prepare(base, metadata);
    pointer.apply(change);
    // Metadata files the commit drops from the log are deleted next, if the table asks for it;
    // after a move they lie in a former location, which the fence still lets it delete.
    known = metadata;
    try {
      cache.written(change.newMetadata(), metadata);
    } catch (RuntimeException e) {
      // The commit applied; the version is read from its file when first needed.
      LOG.debug("Cannot keep metadata {} in the cache", change.newMetadata(), e);
    }
  }

  /**
   * Checks a new table version against the storage boundary, then writes its metadata file: the
   * first half of a commit, which changes nothing a reader sees.
   */
  PointerChange prepare(TableMetadata base, TableMetadata metadata) {
    checkChangedProperties(base, metadata);
    boolean moved = base == null || !base.location().equals(metadata.location());
    String location =
        locations.checkTable(id, metadata.location(), metadata.properties(), moved && !restoring);
    if (registering) {
      AddedPaths.checkRegistered(id, metadata);
      AddedPaths.check(id, null, metadata);
    } else {
      AddedPaths.check(id, base, metadata);
      SnapshotTimes.check(id, base, metadata, clock);
    }
    if (base != null) {
      // A commit on a stale base would fail its swap anyway: fail before writing a metadata file,
      // which under contention is most of a losing attempt's cost.
      String current = tables.metadataLocation(id, ObjectKind.TABLE).orElse(null);
      if (!base.metadataFileLocation().equals(current)) {
        throw new CommitFailedException(
            "Cannot commit %s: its metadata location is no longer %s",
            id, base.metadataFileLocation());
      }
    }
    if (moved) {
      tables
          .locationConflict(id, location)
          .ifPresent(other -> locations.rejectOverlap(id, location, other));
    }
    String newMetadata = writeNewMetadataIfRequired(base == null, metadata);
    return new PointerChange(
        id,
        ObjectKind.TABLE,
        base == null ? null : base.metadataFileLocation(),
        newMetadata,
        moved ? location : null);
  }
}
