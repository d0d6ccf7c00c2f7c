package dev.firn.boundary;

import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.metrics.LoggingMetricsReporter;
import org.apache.iceberg.metrics.MetricsReporter;

/**
 * A table whose every delete goes through a {@link FencedFileIO} held to the table's location as
 * loaded: Iceberg's own operations on it (expiry, rewrites, cleanup after a failed commit) and
 * whatever deletes through {@code table.io()}. Maintenance jobs and the writer work on the fenced
 * table and report what the fence refused.
 *
 * <pre>{@code
 * FencedTable fenced = FencedTable.of(catalog.loadTable(id));
 * new SnapshotExpiry(fenced.table(), policy, clock, running).commit();
 * fenced.io().refused(); // deletes that would have left the table's location
 * }</pre>
 */
public final class FencedTable {
  private final Table table;
  private final FencedFileIO io;

  private FencedTable(Table table, FencedFileIO io) {
    this.table = table;
    this.io = io;
  }

  /**
   * Fences a loaded table to its current location.
   *
   * @throws IllegalArgumentException when the table exposes no operations to wrap
   */
  public static FencedTable of(Table table) {
    return of(table, () -> {});
  }

  /**
   * Fences a loaded table to its current location, and runs {@code beforeCommit} before each commit
   * made through it: a commit it throws from does not happen.
   *
   * @throws IllegalArgumentException when the table exposes no operations to wrap
   */
  public static FencedTable of(Table table, Runnable beforeCommit) {
    if (!(table instanceof HasTableOperations withOperations)) {
      throw new IllegalArgumentException(
          "Cannot fence table " + table.name() + ": it has no table operations");
    }
    TableOperations operations = withOperations.operations();
    FencedFileIO io = FencedFileIO.of(operations.io(), locationOf(table, operations.io()));
    MetricsReporter reporter =
        table instanceof BaseTable base ? base.reporter() : LoggingMetricsReporter.instance();
    Table fenced =
        new BaseTable(new Operations(operations, io, beforeCommit), table.name(), reporter);
    return new FencedTable(fenced, io);
  }

  /**
   * Where a loaded table may delete: what Firn's catalog said (in process, its own fence; over
   * REST, the roots in the table's config), which knows where the table lived before a move and
   * whether the location its metadata states is its own; for any other catalog, the location the
   * metadata states.
   */
  static TableLocation locationOf(Table table, FileIO io) {
    if (io instanceof FencedFileIO fenced) {
      return fenced.location();
    }
    String roots = io.properties() == null ? null : io.properties().get(TableLocation.CONFIG_KEY);
    if (roots == null) {
      return TableLocation.of(table.location());
    }
    List<String> listed =
        Arrays.stream(roots.split(",")).map(String::trim).filter(root -> !root.isEmpty()).toList();
    if (listed.isEmpty()) {
      return TableLocation.none(
          table.location(), "the catalog lets it delete nothing (its metadata is in doubt)");
    }
    if (!TableLocation.normalize(table.location()).equals(TableLocation.normalize(listed.get(0)))) {
      return TableLocation.none(
          table.location(), "the catalog holds " + listed.get(0) + " as its location");
    }
    return TableLocation.of(listed.get(0), listed.subList(1, listed.size()));
  }

  /** The table to work on: the loaded one, deleting through the fence. */
  public Table table() {
    return table;
  }

  /** The fence, with what it refused. */
  public FencedFileIO io() {
    return io;
  }

  /** The deletes refused so far, the first {@link FencedFileIO#REFUSALS_KEPT} of them. */
  public List<RefusedDelete> refused() {
    return io.refused();
  }

  /** A table's operations with the fenced FileIO in place of the table's own. */
  private static final class Operations implements TableOperations {
    private final TableOperations delegate;
    private final FencedFileIO io;
    private final Runnable beforeCommit;

    Operations(TableOperations delegate, FencedFileIO io, Runnable beforeCommit) {
      this.delegate = delegate;
      this.io = io;
      this.beforeCommit = beforeCommit;
    }

    @Override
    public TableMetadata current() {
      return delegate.current();
    }

    @Override
    public TableMetadata refresh() {
      return delegate.refresh();
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      beforeCommit.run();
      delegate.commit(base, metadata);
    }

    @Override
    public FileIO io() {
      return io;
    }

    @Override
    public EncryptionManager encryption() {
      return delegate.encryption();
    }

    @Override
    public String metadataFileLocation(String fileName) {
      return delegate.metadataFileLocation(fileName);
    }

    @Override
    public LocationProvider locationProvider() {
      return delegate.locationProvider();
    }

    @Override
    public TableOperations temp(TableMetadata uncommittedMetadata) {
      return new Operations(delegate.temp(uncommittedMetadata), io, beforeCommit);
    }

    @Override
    public long newSnapshotId() {
      return delegate.newSnapshotId();
    }

    @Override
    public boolean requireStrictCleanup() {
      return delegate.requireStrictCleanup();
    }
  }
}
