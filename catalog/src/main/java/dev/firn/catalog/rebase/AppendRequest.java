package dev.firn.catalog.rebase;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotRefType;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.rest.requests.UpdateTableRequest;

/**
 * A table update that only appends data files to one branch: one new snapshot whose operation is
 * {@code append}, and the branch set to it. What such a commit adds does not depend on the data
 * already in the branch, so it may land on a head other than the one the client read, exactly as
 * the client's own retry would land it.
 *
 * @param branch the branch appended to
 * @param snapshot the client's new snapshot
 * @param ref the client's update of the branch, kept as sent (retention settings included)
 * @param others the request's requirements other than the branch's head assertion
 */
public record AppendRequest(
    String branch,
    Snapshot snapshot,
    MetadataUpdate.SetSnapshotRef ref,
    List<UpdateRequirement> others) {

  /** The request as an append, or empty when it changes anything else or checks anything else. */
  public static Optional<AppendRequest> of(UpdateTableRequest request) {
    if (request.updates().size() != 2
        || !(request.updates().get(0) instanceof MetadataUpdate.AddSnapshot add)
        || !(request.updates().get(1) instanceof MetadataUpdate.SetSnapshotRef ref)) {
      return Optional.empty();
    }
    Snapshot snapshot = add.snapshot();
    if (!isPlainAppend(snapshot)
        || !SnapshotRefType.BRANCH.name().equalsIgnoreCase(ref.type())
        || ref.snapshotId() != snapshot.snapshotId()) {
      return Optional.empty();
    }
    List<UpdateRequirement> others = new ArrayList<>();
    int headAssertions = 0;
    for (UpdateRequirement requirement : request.requirements()) {
      if (requirement instanceof UpdateRequirement.AssertRefSnapshotID head
          && head.refName().equals(ref.name())) {
        // The client's snapshot must have been built on the head it asserts.
        if (!Objects.equals(head.snapshotId(), snapshot.parentId())) {
          return Optional.empty();
        }
        headAssertions++;
      } else if (requirement instanceof UpdateRequirement.AssertTableDoesNotExist) {
        return Optional.empty();
      } else {
        others.add(requirement);
      }
    }
    if (headAssertions != 1) {
      return Optional.empty();
    }
    return Optional.of(new AppendRequest(ref.name(), snapshot, ref, List.copyOf(others)));
  }

  /**
   * Snapshots that carry a check the client would run again on a retry are not plain appends: a
   * cherry-pick must not publish a write-audit-publish id twice.
   */
  private static boolean isPlainAppend(Snapshot snapshot) {
    return DataOperations.APPEND.equals(snapshot.operation())
        && snapshot.keyId() == null
        && !snapshot.summary().containsKey(SnapshotSummary.SOURCE_SNAPSHOT_ID_PROP)
        && !snapshot.summary().containsKey(SnapshotSummary.PUBLISHED_WAP_ID_PROP);
  }

  /**
   * Why this append cannot be put on the current state of the table, or empty when it can: the
   * table must be of format version 1 or 2, the snapshot new, every other requirement met, and the
   * branch, if the client saw one, still a branch.
   */
  Optional<String> refusal(TableMetadata base) {
    if (base.formatVersion() > 2) {
      // Version 3 assigns first row ids per manifest in the manifest list: not rewritten here.
      return Optional.of("format version " + base.formatVersion());
    }
    if (base.snapshot(snapshot.snapshotId()) != null) {
      return Optional.of("snapshot " + snapshot.snapshotId() + " already exists");
    }
    try {
      others.forEach(requirement -> requirement.validate(base));
    } catch (CommitFailedException e) {
      return Optional.of(e.getMessage());
    }
    SnapshotRef head = base.ref(branch);
    if (head == null && snapshot.parentId() != null) {
      return Optional.of("branch " + branch + " no longer exists");
    }
    if (head != null && !head.isBranch()) {
      return Optional.of(branch + " is a tag");
    }
    return Optional.empty();
  }
}
