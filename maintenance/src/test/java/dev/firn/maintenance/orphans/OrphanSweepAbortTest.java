package dev.firn.maintenance.orphans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever puts the listing or the metadata in doubt stops orphan removal before any delete. */
class OrphanSweepAbortTest extends OrphanSweepTestBase {
  private static final Clock DAYS_LATER = after(Duration.ofDays(4));

  private final List<String> deleted = new ArrayList<>();

  @ParameterizedTest(name = "referenced under {0}")
  @ValueSource(strings = {"gs://%s", "s3://%s-elsewhere"})
  void aListedPathReferencedUnderAnotherSchemeOrBucketStopsTheRun(String root) {
    Table table = table("mixed");
    plantOrphans(table, 5);
    String listed = plant(table, "data/shared.parquet", bytes("not really parquet"));
    String referenced =
        String.format(root, s3.bucket()) + listed.substring(("s3://" + s3.bucket()).length());
    table
        .newAppend()
        .appendFile(
            DataFiles.builder(table.spec())
                .withPath(referenced)
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(18)
                .withRecordCount(1)
                .build())
        .commit();

    assertAbortsWithNoDeletions(table, "listed " + listed + " and referenced " + referenced);
  }

  @Test
  void aListingThatFailsPartWayDeletesNothing() {
    Table table = table("unlisted");
    plantOrphans(table, 9);
    StorageLister listing = StorageLister.of(table.io());
    StorageLister failing = prefix -> () -> failAfter(3, listing.list(prefix).iterator());

    Map<String, Long> before = objects(table);
    JobResult run = new OrphanSweep(table, DAYS_LATER, failing, deleted::addAll).commit();

    assertThat(run.error())
        .startsWith("IllegalStateException: Nothing deleted: listing " + table.location() + "/")
        .contains("failed after 3 files")
        .contains("Connection reset");
    assertThat(deleted).isEmpty();
    assertThat(objects(table)).isEqualTo(before);
  }

  @Test
  void anotherTablesMetadataUnderTheLocationStopsTheRun() {
    Table table = table("mine");
    Table other = table("theirs");
    plantOrphans(table, 5);
    String copy =
        plant(
            table,
            "metadata/00042-" + UUID.randomUUID() + ".metadata.json",
            read(metadataLocation(other)));

    assertAbortsWithNoDeletions(
        table, "metadata file " + copy + " belongs to table " + other.uuid() + ", not to ");
  }

  @Test
  void anOldMetadataFileThatCannotBeReadStopsTheRun() {
    Table table = table("unreadable");
    plantOrphans(table, 5);
    String garbled =
        plant(table, "metadata/00007-" + UUID.randomUUID() + ".metadata.json", bytes("{\"tab"));

    assertAbortsWithNoDeletions(table, "cannot read metadata file " + garbled);
  }

  @Test
  void aMissingCurrentMetadataFileStopsTheRun() {
    Table table = table("pointless");
    plantOrphans(table, 5);
    String current = metadataLocation(table);
    client.deleteObject(b -> b.bucket(s3.bucket()).key(key(current)));
    Map<String, Long> before = objects(table);

    JobResult run =
        new OrphanSweep(table, DAYS_LATER, StorageLister.of(table.io()), deleted::addAll).commit();

    assertThat(run.error())
        .startsWith("IllegalStateException: Nothing deleted: ")
        .contains("Cannot read " + current + " (the current metadata file)");
    assertThat(run.count(Measure.ORPHANS_DELETED)).isZero();
    assertThat(deleted).isEmpty();
    assertThat(objects(table)).isEqualTo(before);
  }

  private void assertAbortsWithNoDeletions(Table table, String reason) {
    Map<String, Long> before = objects(table);
    OrphanSweep sweep =
        new OrphanSweep(table, DAYS_LATER, StorageLister.of(table.io()), deleted::addAll);

    JobResult dryRun = sweep.apply();
    JobResult run = sweep.commit();

    for (JobResult result : List.of(dryRun, run)) {
      assertThat(result.succeeded()).isFalse();
      assertThat(result.error()).contains("Nothing deleted: ").contains(reason);
      assertThat(result.details()).isEmpty();
      assertThat(result.count(Measure.ORPHANS_DELETED)).isZero();
      assertThat(result.count(Measure.FILES_LISTED)).isEqualTo(before.size());
    }
    assertThat(deleted).isEmpty();
    assertThat(objects(table)).isEqualTo(before);
  }

  private static Iterator<FileInfo> failAfter(int served, Iterator<FileInfo> files) {
    return new Iterator<>() {
      private int count;

      @Override
      public boolean hasNext() {
        if (count == served) {
          throw new UncheckedIOException(new IOException("Connection reset"));
        }
        return files.hasNext();
      }

      @Override
      public FileInfo next() {
        count++;
        return files.next();
      }
    };
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
