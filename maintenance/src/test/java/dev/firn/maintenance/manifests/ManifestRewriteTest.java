package dev.firn.maintenance.manifests;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.RealServerTest;
import dev.firn.maintenance.policy.PolicyKey;
import dev.firn.writer.WriteMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Manifest rewrites on a real table of a running Firn server, after many small appends. */
class ManifestRewriteTest extends RealServerTest {
  static final Schema REGIONS =
      new Schema(
          required(1, "id", Types.LongType.get()), required(2, "region", Types.StringType.get()));
  static final int APPENDS = 30;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

  private Table table;

  @Test
  void rewritesSmallManifestsIntoOnePerPartitionOnlyAboveThePolicyThreshold() {
    appends(APPENDS);
    assertThat(dataManifests()).hasSize(APPENDS);
    Map<Long, String> rowsBefore = rows();
    long before = currentSnapshotId();

    JobResult atThreshold =
        new ManifestRewrite(table, policy(PolicyKey.MANIFEST_MAX_SMALL_MANIFESTS, "30"), CLOCK)
            .commit();

    assertThat(atThreshold.succeeded()).isTrue();
    assertThat(atThreshold.counts()).isEmpty();
    assertThat(atThreshold.details())
        .containsExactly("Nothing to rewrite: 30 small manifests, 30 allowed");
    assertThat(currentSnapshotId()).isEqualTo(before);

    JobResult dryRun =
        new ManifestRewrite(table, policy(PolicyKey.MANIFEST_MAX_SMALL_MANIFESTS, "10"), CLOCK)
            .apply();

    assertThat(dryRun.count(Measure.MANIFESTS_REWRITTEN)).isEqualTo(APPENDS);
    assertThat(dryRun.details().get(0)).contains("Would rewrite 30", "partition into 2");
    assertThat(dryRun.details()).hasSize(1 + APPENDS);
    assertThat(currentSnapshotId()).isEqualTo(before);

    JobResult result =
        new ManifestRewrite(table, policy(PolicyKey.MANIFEST_MAX_SMALL_MANIFESTS, "10"), CLOCK)
            .commit();

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.count(Measure.MANIFESTS_REWRITTEN)).isEqualTo(APPENDS);
    assertThat(result.count(Measure.MANIFESTS_ADDED)).isEqualTo(2);
    assertThat(result.snapshotIds()).containsExactly(currentSnapshotId()).doesNotContain(before);
    List<ManifestFile> rewritten = dataManifests();
    assertThat(rewritten).hasSize(2);
    assertThat(rewritten)
        .allSatisfy(
            manifest ->
                assertThat(manifest.partitions().get(0).lowerBound())
                    .isEqualTo(manifest.partitions().get(0).upperBound()));
    assertThat(rows()).isEqualTo(rowsBefore).hasSize(2 * APPENDS);
  }

  @Test
  void groupsBySpecAloneWhenPartitionsOutnumberTheThreshold() {
    appends(3);

    JobResult result =
        new ManifestRewrite(table, policy(PolicyKey.MANIFEST_MAX_SMALL_MANIFESTS, "1"), CLOCK)
            .commit();

    assertThat(result.count(Measure.MANIFESTS_REWRITTEN)).isEqualTo(3);
    assertThat(result.count(Measure.MANIFESTS_ADDED)).isEqualTo(1);
    assertThat(result.details()).singleElement().asString().contains("partition spec only");
    assertThat(dataManifests()).hasSize(1);
    assertThat(rows()).hasSize(6);
  }

  /** Appends of one row in eu and one in us: a manifest each, over both partitions. */
  private void appends(int count) {
    TableIdentifier id = raw("clicks");
    for (int i = 0; i < count; i++) {
      writer
          .ingest(id)
          .records(REGIONS, List.of(row(2L * i, "eu"), row(2L * i + 1, "us")))
          .createIfMissing(true)
          .partitionBy(List.of("region"))
          .mode(WriteMode.APPEND)
          .threads(1)
          .commit();
    }
    table = catalog.loadTable(id);
  }

  private long currentSnapshotId() {
    table.refresh();
    return table.currentSnapshot().snapshotId();
  }

  private List<ManifestFile> dataManifests() {
    table.refresh();
    return table.currentSnapshot().dataManifests(table.io());
  }

  private Map<Long, String> rows() {
    Map<Long, String> rows = new TreeMap<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      records.forEach(r -> rows.put((Long) r.getField("id"), (String) r.getField("region")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static Record row(long id, String region) {
    Record record = GenericRecord.create(REGIONS);
    record.setField("id", id);
    record.setField("region", region);
    return record;
  }
}
