package dev.firn.catalog.iceberg;

import dev.firn.boundary.TableLocation;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.util.SerializationUtil;

/**
 * The storage boundary on the way in: every path a new table version adds compared with its base
 * must belong to the table ({@link TableLocation}'s rule), whichever way the version arrives
 * (create, commit, transaction, register, a rebased append). The paths a version can add are the
 * manifest list of each new snapshot (or, on format version 1 only, its embedded manifests),
 * statistics and partition statistics files, and entries of the metadata log. Paths inside manifest
 * lists and manifests are not read here; every delete is fenced again when it happens.
 */
final class AddedPaths {
  private AddedPaths() {}

  /**
   * Checks the paths {@code metadata} adds to {@code base} (all of them when {@code base} is null,
   * as for a registered table).
   *
   * @throws BadRequestException naming the field and the path that does not belong
   */
  static void check(TableIdentifier id, TableMetadata base, TableMetadata metadata) {
    TableLocation table = TableLocation.of(metadata.location());
    for (Snapshot snapshot : metadata.snapshots()) {
      if (!isKept(base, snapshot)) {
        checkSnapshot(id, table, metadata.formatVersion(), snapshot);
      }
    }

    Set<String> statistics = new HashSet<>();
    if (base != null) {
      base.statisticsFiles().forEach(file -> statistics.add(file.path()));
      base.partitionStatisticsFiles().forEach(file -> statistics.add(file.path()));
    }
    for (StatisticsFile file : metadata.statisticsFiles()) {
      if (!statistics.contains(file.path())) {
        check(id, table, "statistics-path of set-statistics", file.path());
      }
    }
    for (PartitionStatisticsFile file : metadata.partitionStatisticsFiles()) {
      if (!statistics.contains(file.path())) {
        check(id, table, "statistics-path of set-partition-statistics", file.path());
      }
    }

    Set<String> logged = new HashSet<>();
    if (base != null) {
      logged.add(base.metadataFileLocation());
      base.previousFiles().forEach(entry -> logged.add(entry.file()));
    }
    for (TableMetadata.MetadataLogEntry entry : metadata.previousFiles()) {
      if (!logged.contains(entry.file())) {
        check(id, table, "metadata-log entry", entry.file());
      }
    }
  }

  /**
   * Whether a snapshot of the new version is one the base holds, unchanged. An id alone does not
   * tell: a commit may remove a snapshot and add another under the same id.
   */
  static boolean isKept(TableMetadata base, Snapshot snapshot) {
    Snapshot before = base == null ? null : base.snapshot(snapshot.snapshotId());
    if (before == null) {
      return false;
    }
    return before == snapshot
        || snapshot.manifestListLocation() != null
            && snapshot.manifestListLocation().equals(before.manifestListLocation())
            && snapshot.timestampMillis() == before.timestampMillis()
            && snapshot.sequenceNumber() == before.sequenceNumber();
  }

  /** Checks that a metadata file being registered lies inside the location it states. */
  static void checkRegistered(TableIdentifier id, TableMetadata metadata) {
    check(
        id,
        TableLocation.of(metadata.location()),
        "metadata-location of register",
        metadata.metadataFileLocation());
  }

  private static void checkSnapshot(
      TableIdentifier id, TableLocation table, int formatVersion, Snapshot snapshot) {
    if (snapshot.manifestListLocation() != null) {
      check(id, table, "manifest-list of add-snapshot", snapshot.manifestListLocation());
      return;
    }
    if (formatVersion >= 2) {
      throw new BadRequestException(
          "Invalid add-snapshot for %s: snapshot %s lists its manifests inline (format version 1"
              + " only); format version %s needs a manifest-list",
          id, snapshot.snapshotId(), formatVersion);
    }
    // The inline manifests are only named: nothing is read from storage to list them. A copy
    // lists them, so that the snapshot itself caches no manifests without lengths.
    Snapshot copy =
        SerializationUtil.deserializeFromBytes(SerializationUtil.serializeToBytes(snapshot));
    for (ManifestFile manifest : copy.allManifests(NamesOnly.IO)) {
      check(id, table, "manifests of add-snapshot", manifest.path());
    }
  }

  private static void check(TableIdentifier id, TableLocation table, String field, String path) {
    Optional<String> refusal = table.refusal(path);
    if (refusal.isPresent()) {
      throw new BadRequestException(
          "Invalid %s for %s: %s is %s", field, id, path, describe(refusal.get()));
    }
  }

  private static String describe(String refusal) {
    return refusal.startsWith("outside") ? refusal : "not the table's own: " + refusal;
  }

  /** A FileIO that only names files: every read or write fails, so nothing reaches storage. */
  private static final class NamesOnly implements FileIO {
    static final NamesOnly IO = new NamesOnly();

    @Override
    public InputFile newInputFile(String path) {
      return new InputFile() {
        @Override
        public long getLength() {
          throw new UnsupportedOperationException("Not read: " + path);
        }

        @Override
        public SeekableInputStream newStream() {
          throw new UnsupportedOperationException("Not read: " + path);
        }

        @Override
        public String location() {
          return path;
        }

        @Override
        public boolean exists() {
          throw new UnsupportedOperationException("Not read: " + path);
        }
      };
    }

    @Override
    public OutputFile newOutputFile(String path) {
      throw new UnsupportedOperationException("Not written: " + path);
    }

    @Override
    public void deleteFile(String path) {
      throw new UnsupportedOperationException("Not deleted: " + path);
    }
  }
}
