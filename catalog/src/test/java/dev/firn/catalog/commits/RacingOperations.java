package dev.firn.catalog.commits;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * A client's table operations with a rival writer's commit landing just before the client's first
 * commit request: the client built its change on a head that is no longer the branch's head.
 */
final class RacingOperations implements TableOperations {
  private final TableOperations client;
  private final Runnable rival;
  private final List<Snapshot> proposed = new ArrayList<>();
  private boolean raced;

  private RacingOperations(TableOperations client, Runnable rival) {
    this.client = client;
    this.rival = rival;
  }

  /** The table, seen through operations whose first commit loses a race with {@code rival}. */
  static Table racing(Table table, Runnable rival) {
    TableOperations ops = ((HasTableOperations) table).operations();
    return new BaseTable(new RacingOperations(ops, rival), table.name());
  }

  /** The new current snapshot of every version the client sent, in order. */
  static List<Snapshot> proposed(Table table) {
    return ((RacingOperations) ((HasTableOperations) table).operations()).proposed;
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    Snapshot head = metadata.currentSnapshot();
    if (head != null) {
      // Read now, while the list exists: a client deletes its list when its commit fails.
      head.allManifests(client.io());
    }
    proposed.add(head);
    if (!raced) {
      raced = true;
      rival.run();
    }
    client.commit(base, metadata);
  }

  @Override
  public TableMetadata current() {
    return client.current();
  }

  @Override
  public TableMetadata refresh() {
    return client.refresh();
  }

  @Override
  public FileIO io() {
    return client.io();
  }

  @Override
  public EncryptionManager encryption() {
    return client.encryption();
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return client.metadataFileLocation(fileName);
  }

  @Override
  public LocationProvider locationProvider() {
    return client.locationProvider();
  }

  @Override
  public long newSnapshotId() {
    return client.newSnapshotId();
  }

  @Override
  public boolean requireStrictCleanup() {
    return client.requireStrictCleanup();
  }
}
