package dev.firn.catalog.rebase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.iceberg.SnapshotSummary;
import org.junit.jupiter.api.Test;

class SnapshotTotalsTest {
  @Test
  void countsTotalsAgainFromTheNewParent() {
    Map<String, String> appended =
        Map.of(
            SnapshotSummary.ADDED_FILES_PROP,
            "2",
            SnapshotSummary.ADDED_RECORDS_PROP,
            "30",
            SnapshotSummary.TOTAL_DATA_FILES_PROP,
            "5",
            SnapshotSummary.TOTAL_RECORDS_PROP,
            "80",
            "engine",
            "test");
    Map<String, String> head =
        Map.of(
            SnapshotSummary.TOTAL_DATA_FILES_PROP, "9",
            SnapshotSummary.TOTAL_RECORDS_PROP, "200",
            SnapshotSummary.TOTAL_DELETE_FILES_PROP, "1");

    Map<String, String> rebased = SnapshotTotals.rebase(appended, head);

    assertThat(rebased)
        .containsEntry(SnapshotSummary.TOTAL_DATA_FILES_PROP, "11")
        .containsEntry(SnapshotSummary.TOTAL_RECORDS_PROP, "230")
        .containsEntry(SnapshotSummary.TOTAL_DELETE_FILES_PROP, "1")
        .containsEntry(SnapshotSummary.ADDED_FILES_PROP, "2")
        .containsEntry("engine", "test")
        .doesNotContainKey(SnapshotSummary.TOTAL_FILE_SIZE_PROP);
  }

  @Test
  void startsFromZeroOnABranchWithoutSnapshots() {
    Map<String, String> rebased =
        SnapshotTotals.rebase(
            Map.of(SnapshotSummary.ADDED_FILES_PROP, "3"), SnapshotTotals.empty());

    assertThat(rebased)
        .containsEntry(SnapshotSummary.TOTAL_DATA_FILES_PROP, "3")
        .containsEntry(SnapshotSummary.TOTAL_RECORDS_PROP, "0");
  }

  @Test
  void leavesOutATotalTheParentCannotGive() {
    Map<String, String> rebased =
        SnapshotTotals.rebase(
            Map.of(
                SnapshotSummary.ADDED_FILES_PROP, "3", SnapshotSummary.TOTAL_DATA_FILES_PROP, "3"),
            Map.of(SnapshotSummary.TOTAL_DATA_FILES_PROP, "many"));

    assertThat(rebased).doesNotContainKey(SnapshotSummary.TOTAL_DATA_FILES_PROP);
  }
}
