package dev.firn.catalog.rebase;

import dev.firn.boundary.TableLocation;
import dev.firn.catalog.rebase.ManifestListFile.Entry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.io.FileIO;

/**
 * The manifest list of a rewrite moved onto its branch's head: the rewrite's own list (its parent's
 * manifests it kept, and its new ones, which now take the new sequence number), then every manifest
 * the appends since its parent added. That holds only when every snapshot since the parent is an
 * append that kept all of the parent's manifests (none merged away), so that no file the rewrite
 * replaces was touched; anything else is refused, and the client retries as usual.
 */
final class RewrittenManifests {
  /** How many snapshots back the rewrite's parent may lie. */
  static final int MAX_APPENDS_SINCE = 10_000;

  private RewrittenManifests() {}

  /**
   * The rebased list's entries.
   *
   * @throws AppendRebase.Refusal when the rewrite cannot go on the branch's head
   * @throws BadRequestException when the rewrite names a manifest outside the table
   */
  static List<Entry> on(
      TableMetadata base,
      Snapshot head,
      RewriteRequest rewrite,
      FileIO io,
      ManifestLists lists,
      long sequenceNumber) {
    Snapshot client = rewrite.snapshot();
    if (client.manifestListLocation() == null) {
      throw new AppendRebase.Refusal("it lists its manifests inline, with no manifest list");
    }
    TableLocation table = TableLocation.of(base.location());
    AppendedManifests.check(
        table, "manifest-list of add-snapshot", client.manifestListLocation(), client);
    List<ManifestFile> listed = client.allManifests(io);
    // Firn writes the new manifests into a list of its own: each must be the table's, whatever
    // else keeps the rewrite from going on the head.
    for (ManifestFile manifest : listed) {
      if (manifest.snapshotId() != null && manifest.snapshotId() == client.snapshotId()) {
        AppendedManifests.check(
            table, "manifest in the manifest-list of add-snapshot", manifest.path(), client);
      }
    }
    Snapshot parent = base.snapshot(client.parentId());
    if (parent == null || head == null) {
      throw new AppendRebase.Refusal("its parent " + client.parentId() + " no longer exists");
    }
    Snapshot step = head;
    for (int steps = 0; step.snapshotId() != parent.snapshotId(); steps++) {
      if (!DataOperations.APPEND.equals(step.operation())) {
        throw new AppendRebase.Refusal(
            "snapshot " + step.snapshotId() + " since its parent is a " + step.operation());
      }
      step = step.parentId() == null ? null : base.snapshot(step.parentId());
      if (step == null || steps >= MAX_APPENDS_SINCE) {
        throw new AppendRebase.Refusal(
            "branch " + rewrite.branch() + " no longer descends from " + parent.snapshotId());
      }
    }
    Map<String, Entry> inherited = new LinkedHashMap<>();
    lists.of(parent).forEach(entry -> inherited.put(entry.manifest().path(), entry));
    List<Entry> headEntries = lists.of(head);
    Set<String> onHead = new HashSet<>();
    headEntries.forEach(entry -> onHead.add(entry.manifest().path()));
    for (String path : inherited.keySet()) {
      if (!onHead.contains(path)) {
        throw new AppendRebase.Refusal("the appends since its parent merged manifest " + path);
      }
    }
    List<Entry> entries = new ArrayList<>();
    long clientSequence = client.sequenceNumber();
    for (ManifestFile manifest : listed) {
      Entry kept = inherited.get(manifest.path());
      if (kept != null) {
        if (kept.manifest().length() != manifest.length()) {
          throw new AppendRebase.Refusal("its parent's manifest " + manifest.path() + " changed");
        }
        entries.add(kept);
        continue;
      }
      if (manifest.snapshotId() == null || manifest.snapshotId() != client.snapshotId()) {
        throw new AppendRebase.Refusal(
            "manifest " + manifest.path() + " is neither its parent's nor new");
      }
      // Entries that inherit the snapshot's sequence number take the new one; entries with one of
      // their own (the rewritten files keep their starting sequence number) keep it.
      if (!base.specsById().containsKey(manifest.partitionSpecId())) {
        throw new AppendRebase.Refusal(
            "manifest "
                + manifest.path()
                + " has unknown partition spec "
                + manifest.partitionSpecId());
      }
      long min =
          manifest.minSequenceNumber() >= clientSequence
              ? sequenceNumber
              : manifest.minSequenceNumber();
      entries.add(new Entry(manifest, sequenceNumber, min));
    }
    for (Entry entry : headEntries) {
      ManifestFile appended = entry.manifest();
      if (inherited.containsKey(appended.path())) {
        continue;
      }
      // What an append adds: data files, nothing deleted. A delete file the rewrite would not see
      // could point at a file it replaces, and bring rows back.
      if (appended.content() != ManifestContent.DATA
          || !Integer.valueOf(0).equals(appended.deletedFilesCount())) {
        throw new AppendRebase.Refusal(
            "manifest " + appended.path() + " since its parent holds more than added data files");
      }
      entries.add(entry);
    }
    return entries;
  }
}
