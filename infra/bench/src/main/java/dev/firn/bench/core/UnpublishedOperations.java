package dev.firn.bench.core;

import java.util.UUID;
import org.apache.iceberg.LocationProviders;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * Table operations that keep each new version in memory instead of writing a metadata file and
 * asking a catalog: Iceberg's own snapshot producers then write the manifests and manifest lists of
 * thousands of commits in seconds, and the generator publishes the last version once.
 */
public final class UnpublishedOperations implements TableOperations {
  private final FileIO io;
  private TableMetadata current;

  public UnpublishedOperations(TableMetadata base, FileIO io) {
    this.current = base;
    this.io = io;
  }

  @Override
  public TableMetadata current() {
    return current;
  }

  @Override
  public TableMetadata refresh() {
    return current;
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    if (base != current) {
      throw new CommitFailedException("Cannot commit: the table changed since %s", base);
    }
    current = metadata;
  }

  /** Writes the current version's metadata file once and returns its location. */
  public String publish() {
    String location =
        current.location() + "/metadata/00001-" + UUID.randomUUID() + ".metadata.json";
    TableMetadataParser.write(current, io.newOutputFile(location));
    return location;
  }

  @Override
  public FileIO io() {
    return io;
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return current.location() + "/metadata/" + fileName;
  }

  @Override
  public LocationProvider locationProvider() {
    return LocationProviders.locationsFor(current.location(), current.properties());
  }
}
