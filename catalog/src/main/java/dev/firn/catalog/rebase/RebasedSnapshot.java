package dev.firn.catalog.rebase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firn.catalog.rebase.ManifestListFile.Entry;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotParser;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.FileIO;

/**
 * A client's snapshot moved onto the current head of its branch: same id, same changes, the head as
 * parent, the table's next sequence number, and a manifest list of its own.
 *
 * @param base the table's current metadata
 * @param client the client's snapshot
 * @param ref the client's update of the branch, kept as sent
 * @param timestampMillis when the rebased snapshot is taken
 */
record RebasedSnapshot(
    TableMetadata base, Snapshot client, MetadataUpdate.SetSnapshotRef ref, long timestampMillis) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The table's metadata with the rebased snapshot added and the branch set to it.
   *
   * @param metadata the new metadata
   * @param manifestList where the snapshot's manifest list is
   * @param entries what the list holds
   */
  record Written(TableMetadata metadata, String manifestList, List<Entry> entries) {}

  /** The branch's head the snapshot goes on, or null for a new branch. */
  Snapshot head() {
    SnapshotRef head = base.ref(ref.name());
    return head == null ? null : base.snapshot(head.snapshotId());
  }

  /**
   * Writes the rebased snapshot's manifest list to {@code location}, listing {@code entries}, and
   * makes the table's new metadata.
   */
  Written write(FileIO io, String location, List<Entry> entries) {
    Snapshot head = head();
    long sequenceNumber = base.nextSequenceNumber();
    Long parentId = head == null ? null : head.snapshotId();
    ManifestListFile.write(
        io.newOutputFile(location),
        new ManifestListFile.Owner(
            client.snapshotId(), parentId, sequenceNumber, base.formatVersion()),
        entries);
    Map<String, String> totals = head == null ? SnapshotTotals.empty() : head.summary();
    Snapshot snapshot =
        snapshot(
            parentId,
            sequenceNumber,
            SnapshotTotals.rebase(client.summary(), totals == null ? Map.of() : totals),
            location);
    TableMetadata.Builder builder = TableMetadata.buildFrom(base);
    new MetadataUpdate.AddSnapshot(snapshot).applyTo(builder);
    ref.applyTo(builder);
    return new Written(builder.build(), location, entries);
  }

  /**
   * The client's snapshot with a new parent, sequence number, time, summary, list and the table's
   * current schema (as the client's retry would take). Iceberg's snapshot class has no public
   * constructor; its parser is the public way to make one, and keeps any field not changed here.
   */
  private Snapshot snapshot(
      Long parentId, long sequenceNumber, Map<String, String> summary, String manifestList) {
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
