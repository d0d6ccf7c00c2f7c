package dev.firn.maintenance.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.RealServerTest;
import dev.firn.maintenance.policy.EffectivePolicy;
import dev.firn.maintenance.policy.PolicyKey;
import dev.firn.writer.WriteMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Metadata cleanup on a real table of a running Firn server that keeps 2 previous versions. */
class MetadataCleanupTest extends RealServerTest {
  static final EffectivePolicy ONE_DAY = policy(PolicyKey.ORPHAN_MIN_AGE, "1d");
  static final Instant NOW = Instant.now();
  static final Clock BEFORE_MIN_AGE = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Clock PAST_MIN_AGE = Clock.fixed(NOW.plus(Duration.ofHours(25)), ZoneOffset.UTC);

  private final TableIdentifier id = raw("events");
  private final List<String> deleted = new ArrayList<>();
  private Table table;

  @BeforeEach
  void sixCommits() {
    writer
        .ingest(id)
        .records(SCHEMA, List.of())
        .createIfMissing(true)
        .tableProperties(Map.of("write.metadata.previous-versions-max", "2"))
        .commit();
    for (long row = 1; row <= 5; row++) {
      load(id, WriteMode.APPEND, row);
    }
    table = catalog.loadTable(id);
  }

  @Test
  void deletesMetadataFilesThatLeftTheLogOnceOlderThanTheMinAge() {
    TableMetadata current = metadata();
    TreeSet<String> kept = new TreeSet<>();
    kept.add(current.metadataFileLocation());
    current.previousFiles().forEach(entry -> kept.add(entry.file()));
    TreeSet<String> unlogged = new TreeSet<>(metadataFiles());
    unlogged.removeAll(kept);
    String foreign = plantAnotherTablesMetadata();

    JobResult tooYoung = cleanup(BEFORE_MIN_AGE).commit();
    JobResult dryRun = cleanup(PAST_MIN_AGE).apply();

    assertThat(kept).hasSize(3);
    assertThat(unlogged).hasSizeGreaterThanOrEqualTo(3);
    assertThat(tooYoung.counts()).isEmpty();
    assertThat(tooYoung.details()).isEmpty();
    assertThat(deleted).isEmpty();
    assertThat(dryRun.details()).containsAll(unlogged).doesNotContainAnyElementsOf(kept);
    assertThat(dryRun.count(Measure.METADATA_FILES_DELETED)).isEqualTo(unlogged.size());
    assertThat(deleted).isEmpty();
    assertThat(metadataFiles()).containsAll(unlogged);

    JobResult result = cleanup(PAST_MIN_AGE).commit();

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(new TreeSet<>(deleted)).isEqualTo(unlogged);
    assertThat(result.count(Measure.METADATA_FILES_DELETED)).isEqualTo(unlogged.size());
    assertThat(result.details()).singleElement().asString().contains("Kept " + foreign);
    TreeSet<String> expectedLeft = new TreeSet<>(kept);
    expectedLeft.add(foreign);
    assertThat(new TreeSet<>(metadataFiles())).isEqualTo(expectedLeft);
    Table reloaded = catalog.loadTable(id);
    assertThat(rows(reloaded, reloaded.currentSnapshot().snapshotId())).hasSize(5);
  }

  @Test
  void deletesNothingOnATableWithGcDisabled() {
    table.updateProperties().set(TableProperties.GC_ENABLED, "false").commit();
    List<String> before = metadataFiles();

    JobResult result = cleanup(PAST_MIN_AGE).commit();

    assertThat(result.details()).containsExactly(dev.firn.vocabulary.TableGc.DISABLED);
    assertThat(deleted).isEmpty();
    assertThat(metadataFiles()).isEqualTo(before).hasSizeGreaterThan(3);
  }

  @Test
  void deletesNothingWhenListingFails() {
    MetadataCleanup failing =
        new MetadataCleanup(
            table,
            ONE_DAY,
            PAST_MIN_AGE,
            prefix -> {
              throw new IllegalStateException("Listing " + prefix + " timed out");
            },
            deleted::add);

    JobResult result = failing.commit();

    assertThat(result.succeeded()).isFalse();
    assertThat(result.error()).contains("timed out");
    assertThat(deleted).isEmpty();
  }

  private MetadataCleanup cleanup(Clock clock) {
    return new MetadataCleanup(
        table,
        ONE_DAY,
        clock,
        prefix -> ((org.apache.iceberg.io.SupportsPrefixOperations) table.io()).listPrefix(prefix),
        path -> {
          deleted.add(path);
          table.io().deleteFile(path);
        });
  }

  private TableMetadata metadata() {
    table.refresh();
    return ((HasTableOperations) table).operations().current();
  }

  /** The table's metadata.json files on the test endpoint, as s3:// locations, sorted. */
  private List<String> metadataFiles() {
    String folder = folder();
    String bucket = s3.bucket();
    return objects(folder).stream()
        .filter(key -> key.endsWith(".metadata.json"))
        .map(key -> "s3://" + bucket + "/" + key)
        .toList();
  }

  private String folder() {
    String current = metadata().metadataFileLocation();
    return current.substring(0, current.lastIndexOf('/'));
  }

  /** Copies another table's metadata file into this table's metadata folder; returns it. */
  private String plantAnotherTablesMetadata() {
    load(raw("other"), WriteMode.APPEND, 1);
    String source =
        ((HasTableOperations) catalog.loadTable(raw("other")))
            .operations()
            .current()
            .metadataFileLocation();
    String target = folder() + "/00001-" + java.util.UUID.randomUUID() + ".metadata.json";
    try (S3Client client = s3.client()) {
      client.copyObject(
          b ->
              b.sourceBucket(s3.bucket())
                  .sourceKey(key(source))
                  .destinationBucket(s3.bucket())
                  .destinationKey(key(target)));
    }
    return target;
  }

  private String key(String location) {
    return location.substring(("s3://" + s3.bucket() + "/").length());
  }
}
