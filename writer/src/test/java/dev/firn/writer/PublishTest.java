package dev.firn.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.Test;

/** Write-audit-publish: loads to a branch, checks, and a fast-forward of main only on success. */
class PublishTest extends WriterTestBase {
  private final TableIdentifier id = raw("audited");

  @Test
  void aBranchIsPublishedOnlyWhenItsChecksPass() throws IOException {
    load("main.json", "{\"id\": 1, \"email\": \"a@x\"}\n", null);
    long mainBefore = catalog.loadTable(id).currentSnapshot().snapshotId();
    load("bad.json", "{\"id\": 2, \"email\": null}\n{\"id\": 2, \"email\": \"b@x\"}\n", "audit");

    Table table = catalog.loadTable(id);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(mainBefore);
    assertThat(rows(table, "id")).hasSize(1);

    BranchChecks checks =
        BranchChecks.rows("1..100").withNotNull(List.of("email")).withUniqueKey(List.of("id"));
    Audit audit = writer.publish(id, "audit").checks(checks).apply();
    assertThat(audit.rows()).isEqualTo(3);
    assertThat(audit.failures())
        .containsExactlyInAnyOrder("1 rows have a null email", "1 rows repeat a key [id]");
    assertThatThrownBy(() -> writer.publish(id, "audit").checks(checks).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("main is unchanged");
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(mainBefore);

    load("good.json", "{\"id\": 3, \"email\": \"c@x\"}\n", "audit2");
    Audit passed =
        writer.publish(id, "audit2").checks(checks.withNotNull(List.of("email"))).commit();
    table.refresh();
    assertThat(passed.passed()).isTrue();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(passed.snapshotId());
    assertThat(rows(table, "id")).extracting(r -> r.get("id")).containsExactly(1L, 3L);
  }

  @Test
  void rowBoundsAreChecked() throws IOException {
    load("main.json", "{\"id\": 1}\n", "staging");
    assertThat(writer.publish(id, "staging").checks(BranchChecks.rows("2..")).apply().failures())
        .containsExactly("has 1 rows, fewer than 2");
  }

  private void load(String name, String content, String branch) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    Ingest ingest = writer.ingest(id).files(List.of(file.toString())).createIfMissing(true);
    if (branch != null) {
      ingest.branch(branch);
    }
    ingest.commit();
  }
}
