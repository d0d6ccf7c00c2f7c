package dev.firn.catalog.rebase;

import dev.firn.boundary.TableLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.io.FileIO;

/**
 * The manifests an append's snapshot adds, read from its manifest list: the list must hold its
 * parent's manifests, every one unchanged, plus new manifests of added data files only. A list that
 * is anything else, such as one where the client merged manifests (whose existing entries would
 * bring back files the new head removed), is refused.
 */
final class AppendedManifests {
  private AppendedManifests() {}

  /**
   * The new manifests of the append's snapshot, in the order the client listed them.
   *
   * @throws AppendRebase.Refusal when the snapshot's list is not a plain append to its parent's
   */
  static List<ManifestFile> of(
      TableMetadata base, AppendRequest append, FileIO io, ManifestLists lists) {
    Snapshot snapshot = append.snapshot();
    if (snapshot.manifestListLocation() == null) {
      throw new AppendRebase.Refusal("it lists its manifests inline, with no manifest list");
    }
    TableLocation table = TableLocation.of(base.location());
    check(table, "manifest-list of add-snapshot", snapshot.manifestListLocation(), snapshot);
    Snapshot parent = snapshot.parentId() == null ? null : base.snapshot(snapshot.parentId());
    if (snapshot.parentId() != null && parent == null) {
      throw new AppendRebase.Refusal("its parent " + snapshot.parentId() + " no longer exists");
    }
    Map<String, ManifestFile> listed = new LinkedHashMap<>();
    snapshot.allManifests(io).forEach(manifest -> listed.put(manifest.path(), manifest));
    List<ManifestListFile.Entry> inherited = parent == null ? List.of() : lists.of(parent);
    for (ManifestListFile.Entry entry : inherited) {
      ManifestFile manifest = entry.manifest();
      ManifestFile same = listed.remove(manifest.path());
      if (same == null || same.length() != manifest.length()) {
        throw new AppendRebase.Refusal(
            "its parent's manifest " + manifest.path() + " is not kept unchanged");
      }
    }
    List<ManifestFile> added = new ArrayList<>(listed.values());
    // Firn reads these manifests and writes them into a list of its own: each must be the table's.
    added.forEach(
        manifest ->
            check(
                table, "manifest in the manifest-list of add-snapshot", manifest.path(), snapshot));
    added.forEach(manifest -> check(manifest, snapshot, base));
    return added;
  }

  /**
   * Refuses a path that is not the table's with a 400, not a 409: retrying cannot make it the
   * table's.
   */
  static void check(TableLocation table, String field, String path, Snapshot snapshot) {
    table
        .refusal(path)
        .ifPresent(
            reason -> {
              throw new BadRequestException(
                  "Invalid %s of snapshot %s: %s is %s",
                  field, snapshot.snapshotId(), path, reason);
            });
  }

  private static void check(ManifestFile manifest, Snapshot snapshot, TableMetadata base) {
    String path = manifest.path();
    if (manifest.snapshotId() == null || manifest.snapshotId() != snapshot.snapshotId()) {
      throw new AppendRebase.Refusal("manifest " + path + " is not new");
    }
    if (manifest.content() != ManifestContent.DATA) {
      throw new AppendRebase.Refusal("manifest " + path + " lists delete files");
    }
    if (!Integer.valueOf(0).equals(manifest.existingFilesCount())
        || !Integer.valueOf(0).equals(manifest.deletedFilesCount())
        || manifest.addedFilesCount() == null) {
      throw new AppendRebase.Refusal("manifest " + path + " has entries other than added files");
    }
    // An added file with a data sequence number of its own would keep it wherever it lands.
    if (manifest.sequenceNumber() != snapshot.sequenceNumber()
        || manifest.minSequenceNumber() != snapshot.sequenceNumber()) {
      throw new AppendRebase.Refusal("manifest " + path + " has files of other sequence numbers");
    }
    if (!base.specsById().containsKey(manifest.partitionSpecId())) {
      throw new AppendRebase.Refusal(
          "manifest " + path + " has unknown partition spec " + manifest.partitionSpecId());
    }
  }
}
