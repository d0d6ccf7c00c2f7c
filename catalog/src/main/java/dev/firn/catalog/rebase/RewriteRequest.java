package dev.firn.catalog.rebase;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotRefType;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.rest.requests.UpdateTableRequest;

/**
 * A table update that only rewrites files of one branch, as compaction does: one new snapshot whose
 * operation is {@code replace} (the same rows in other files), and the branch set to it. Appends
 * that landed on the branch since the client read it neither removed nor changed any file the
 * rewrite replaces, so the rewrite may go on top of them, exactly as the client's own retry would.
 *
 * @param branch the branch rewritten
 * @param snapshot the client's new snapshot
 * @param ref the client's update of the branch, kept as sent
 */
public record RewriteRequest(String branch, Snapshot snapshot, MetadataUpdate.SetSnapshotRef ref) {

  /** The request as a rewrite, or empty when it changes or checks anything else. */
  public static Optional<RewriteRequest> of(UpdateTableRequest request) {
    Optional<RewriteRequest> rewrite = of(request.updates());
    if (rewrite.isEmpty()) {
      return rewrite;
    }
    int headAssertions = 0;
    for (UpdateRequirement requirement : request.requirements()) {
      if (requirement instanceof UpdateRequirement.AssertRefSnapshotID head
          && head.refName().equals(rewrite.get().branch())) {
        if (!Objects.equals(head.snapshotId(), rewrite.get().snapshot().parentId())) {
          return Optional.empty();
        }
        headAssertions++;
      } else if (!(requirement instanceof UpdateRequirement.AssertTableUUID)) {
        return Optional.empty();
      }
    }
    return headAssertions == 1 ? rewrite : Optional.empty();
  }

  /**
   * The new table version a writer made from {@code base}, as a rewrite of the branch's head it
   * read; empty when it is anything else.
   */
  public static Optional<RewriteRequest> of(TableMetadata base, TableMetadata updated) {
    Optional<RewriteRequest> rewrite = of(updated.changes());
    if (rewrite.isEmpty() || base == null) {
      return Optional.empty();
    }
    SnapshotRef head = base.ref(rewrite.get().branch());
    return head != null
            && head.isBranch()
            && Objects.equals(head.snapshotId(), rewrite.get().snapshot().parentId())
        ? rewrite
        : Optional.empty();
  }

  private static Optional<RewriteRequest> of(List<MetadataUpdate> updates) {
    if (updates.size() != 2
        || !(updates.get(0) instanceof MetadataUpdate.AddSnapshot add)
        || !(updates.get(1) instanceof MetadataUpdate.SetSnapshotRef ref)) {
      return Optional.empty();
    }
    Snapshot snapshot = add.snapshot();
    if (!DataOperations.REPLACE.equals(snapshot.operation())
        || snapshot.parentId() == null
        || snapshot.keyId() != null
        || !SnapshotRefType.BRANCH.name().equalsIgnoreCase(ref.type())
        || ref.snapshotId() != snapshot.snapshotId()) {
      return Optional.empty();
    }
    return Optional.of(new RewriteRequest(ref.name(), snapshot, ref));
  }

  /**
   * Why this rewrite cannot be put on the current state of the table, or empty when it can: the
   * table of format version 1 or 2, the snapshot new, the branch still a branch.
   */
  Optional<String> refusal(TableMetadata base) {
    if (base.formatVersion() > 2) {
      return Optional.of("format version " + base.formatVersion());
    }
    if (base.snapshot(snapshot.snapshotId()) != null) {
      return Optional.of("snapshot " + snapshot.snapshotId() + " already exists");
    }
    SnapshotRef head = base.ref(branch);
    if (head == null || !head.isBranch()) {
      return Optional.of("branch " + branch + " is no longer a branch");
    }
    return Optional.empty();
  }
}
