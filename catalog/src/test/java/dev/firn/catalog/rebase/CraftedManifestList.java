package dev.firn.catalog.rebase;

import dev.firn.catalog.rebase.ManifestListFile.Entry;
import dev.firn.catalog.rebase.ManifestListFile.Owner;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.io.FileIO;

/**
 * Writes manifest lists the way a hostile client could: a real list file, inside the table, that
 * names whatever manifests the client likes.
 */
public final class CraftedManifestList {
  private CraftedManifestList() {}

  /**
   * Writes a format version 2 list at {@code location}: the parent's manifests unchanged, then one
   * new data manifest at {@code newManifest}, as an append of snapshot {@code snapshotId} with
   * sequence number {@code sequenceNumber} would list them.
   */
  public static void appendList(
      FileIO io,
      String location,
      long snapshotId,
      long parentId,
      long sequenceNumber,
      List<ManifestFile> parentManifests,
      String newManifest) {
    List<Entry> entries = new ArrayList<>();
    entries.add(
        new Entry(
            new NewManifest(newManifest, snapshotId, sequenceNumber),
            sequenceNumber,
            sequenceNumber));
    parentManifests.forEach(manifest -> entries.add(Entry.unchanged(manifest)));
    ManifestListFile.write(
        io.newOutputFile(location), new Owner(snapshotId, parentId, sequenceNumber, 2), entries);
  }

  /** A data manifest of one added file, as a list names it; the file itself need not exist. */
  private record NewManifest(String path, long snapshotIdValue, long sequence)
      implements ManifestFile {
    @Override
    public long length() {
      return 1024;
    }

    @Override
    public int partitionSpecId() {
      return 0;
    }

    @Override
    public ManifestContent content() {
      return ManifestContent.DATA;
    }

    @Override
    public long sequenceNumber() {
      return sequence;
    }

    @Override
    public long minSequenceNumber() {
      return sequence;
    }

    @Override
    public Long snapshotId() {
      return snapshotIdValue;
    }

    @Override
    public Integer addedFilesCount() {
      return 1;
    }

    @Override
    public Long addedRowsCount() {
      return 1L;
    }

    @Override
    public Integer existingFilesCount() {
      return 0;
    }

    @Override
    public Long existingRowsCount() {
      return 0L;
    }

    @Override
    public Integer deletedFilesCount() {
      return 0;
    }

    @Override
    public Long deletedRowsCount() {
      return 0L;
    }

    @Override
    public List<PartitionFieldSummary> partitions() {
      return List.of();
    }

    @Override
    public ManifestFile copy() {
      return this;
    }
  }
}
