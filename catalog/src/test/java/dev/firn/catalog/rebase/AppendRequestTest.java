package dev.firn.catalog.rebase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotParser;
import org.apache.iceberg.SnapshotRefType;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class AppendRequestTest {
  private static final long PARENT = 10L;
  private static final long SNAPSHOT = 11L;

  private static Snapshot snapshot(String operation) {
    return SnapshotParser.fromJson(
        "{\"snapshot-id\": "
            + SNAPSHOT
            + ", \"parent-snapshot-id\": "
            + PARENT
            + ", \"sequence-number\": 2, \"timestamp-ms\": 1, \"summary\": {\"operation\": \""
            + operation
            + "\"}, \"manifest-list\": \"s3://b/t/metadata/snap.avro\", \"schema-id\": 0}");
  }

  private static MetadataUpdate.SetSnapshotRef main(long snapshotId, SnapshotRefType type) {
    return new MetadataUpdate.SetSnapshotRef("main", snapshotId, type, null, null, null);
  }

  private static UpdateTableRequest request(
      List<UpdateRequirement> requirements, List<MetadataUpdate> updates) {
    return new UpdateTableRequest(requirements, updates);
  }

  private static final List<UpdateRequirement> REQUIREMENTS =
      List.of(
          new UpdateRequirement.AssertTableUUID("u"),
          new UpdateRequirement.AssertRefSnapshotID("main", PARENT));

  @Test
  void readsAnAppendToABranch() {
    UpdateTableRequest append =
        request(
            REQUIREMENTS,
            List.of(
                new MetadataUpdate.AddSnapshot(snapshot(DataOperations.APPEND)),
                main(SNAPSHOT, SnapshotRefType.BRANCH)));

    AppendRequest read = AppendRequest.of(append).orElseThrow();

    assertThat(read.branch()).isEqualTo("main");
    assertThat(read.snapshot().snapshotId()).isEqualTo(SNAPSHOT);
    assertThat(read.others())
        .hasSize(1)
        .first()
        .isInstanceOf(UpdateRequirement.AssertTableUUID.class);
  }

  @Test
  void refusesEverythingElse() {
    MetadataUpdate append = new MetadataUpdate.AddSnapshot(snapshot(DataOperations.APPEND));
    MetadataUpdate overwrite = new MetadataUpdate.AddSnapshot(snapshot(DataOperations.OVERWRITE));
    MetadataUpdate schema =
        new MetadataUpdate.AddSchema(
            new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
    List<UpdateTableRequest> others =
        List.of(
            request(REQUIREMENTS, List.of(overwrite, main(SNAPSHOT, SnapshotRefType.BRANCH))),
            request(REQUIREMENTS, List.of(append, main(SNAPSHOT, SnapshotRefType.TAG))),
            request(REQUIREMENTS, List.of(append, main(SNAPSHOT + 1, SnapshotRefType.BRANCH))),
            request(REQUIREMENTS, List.of(append)),
            request(REQUIREMENTS, List.of(schema, append, main(SNAPSHOT, SnapshotRefType.BRANCH))),
            request(
                List.of(new UpdateRequirement.AssertRefSnapshotID("main", PARENT + 5)),
                List.of(append, main(SNAPSHOT, SnapshotRefType.BRANCH))),
            request(
                List.of(new UpdateRequirement.AssertTableUUID("u")),
                List.of(append, main(SNAPSHOT, SnapshotRefType.BRANCH))));

    for (UpdateTableRequest other : others) {
      assertThat(AppendRequest.of(other)).as("%s", other).isEmpty();
    }
  }
}
