package dev.firn.catalog.rebase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firn.catalog.rebase.ManifestListFile.Entry;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotParser;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.FileIO;

/**
 * An append's snapshot moved onto the current head of its branch: same id, same new manifests, the
 * head as parent, the table's next sequence number, and a manifest list of its own.
 *
 * @param base the table's current metadata
 * @param append the client's append
 * @param added the manifests the append adds
 * @param timestampMillis when the rebased snapshot is taken
 */
record RebasedSnapshot(
    TableMetadata base, AppendRequest append, List<ManifestFile> added, long timestampMillis) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The table's metadata with the rebased snapshot added and the branch set to it.
   *
   * @param metadata the new metadata
   * @param manifestList where the snapshot's manifest list is
   * @param entries what the list holds
   */
  record Written(TableMetadata metadata, String manifestList, List<Entry> entries) {}

  /**
   * Writes the rebased snapshot's manifest list to {@code location}: the append's new manifests,
   * then every manifest of the head.
   */
  Written write(FileIO io, ManifestLists lists, String location) {
    SnapshotRef ref = base.ref(append.branch());
    Snapshot head = ref == null ? null : base.snapshot(ref.snapshotId());
    long sequenceNumber = base.nextSequenceNumber();
    long snapshotId = append.snapshot().snapshotId();
    Long parentId = head == null ? null : head.snapshotId();

    List<Entry> entries = new ArrayList<>();
    added.forEach(manifest -> entries.add(new Entry(manifest, sequenceNumber, sequenceNumber)));
    if (head != null) {
      entries.addAll(lists.of(head));
    }
    ManifestListFile.write(
        io.newOutputFile(location),
        new ManifestListFile.Owner(snapshotId, parentId, sequenceNumber, base.formatVersion()),
        entries);

    Map<String, String> totals = head == null ? SnapshotTotals.empty() : head.summary();
    Snapshot snapshot =
        snapshot(
            parentId,
            sequenceNumber,
            SnapshotTotals.rebase(append.snapshot().summary(), totals == null ? Map.of() : totals),
            location);
    TableMetadata.Builder builder = TableMetadata.buildFrom(base);
    new MetadataUpdate.AddSnapshot(snapshot).applyTo(builder);
    append.ref().applyTo(builder);
    return new Written(builder.build(), location, entries);
  }

  /**
   * The client's snapshot with a new parent, sequence number, time, summary, list and the table's
   * current schema (as the client's retry would take). Iceberg's snapshot class has no public
   * constructor; its parser is the public way to make one, and keeps any field not changed here.
   */
  private Snapshot snapshot(
      Long parentId, long sequenceNumber, Map<String, String> summary, String manifestList) {
    Snapshot client = append.snapshot();
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(SnapshotParser.toJson(client, false));
      node.put("sequence-number", sequenceNumber);
      if (parentId == null) {
        node.remove("parent-snapshot-id");
      } else {
        node.put("parent-snapshot-id", parentId);
      }
      node.put("timestamp-ms", timestampMillis);
      node.put("manifest-list", manifestList);
      node.put("schema-id", base.currentSchemaId());
      ObjectNode summaryNode = node.putObject("summary");
      summaryNode.put("operation", client.operation());
      summary.forEach(summaryNode::put);
      return SnapshotParser.fromJson(JSON.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
