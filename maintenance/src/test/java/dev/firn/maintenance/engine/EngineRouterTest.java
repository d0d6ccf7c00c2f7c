package dev.firn.maintenance.engine;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.schedule.JobRunner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngineRouterTest {
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T07:00:00Z"), ZoneOffset.UTC);
  private static final long MIN_SIZE = 10_000;

  private final List<String> ran = new ArrayList<>();
  private InMemoryCatalog catalog;
  private EngineRouter router;

  @BeforeEach
  void catalogWithALargeAndASmallTable() {
    catalog = new InMemoryCatalog();
    catalog.initialize("test", Map.of());
    catalog.createNamespace(Namespace.of("raw"));
    append(catalog.createTable(TableIdentifier.of("raw", "large"), SCHEMA), 6_000, 4_000);
    append(catalog.createTable(TableIdentifier.of("raw", "small"), SCHEMA), 6_000, 3_999);
    catalog.createTable(TableIdentifier.of("raw", "empty"), SCHEMA);
    router = new EngineRouter(catalog, MIN_SIZE, recorder("spark"), recorder("firn"));
  }

  @Test
  void sendsEveryJobButMetadataCleanupOfALargeTableToSpark() {
    TableIdentifier large = TableIdentifier.of("raw", "large");

    for (JobKind kind : JobKind.values()) {
      router.run(large, kind, false);
    }

    assertThat(ran)
        .containsExactly(
            "spark compaction",
            "spark expiry",
            "spark orphans",
            "spark manifests",
            "firn metadata");
  }

  @Test
  void keepsTheJobsOfSmallerTablesInProcess() {
    router.run(TableIdentifier.of("raw", "small"), JobKind.COMPACTION, true);
    router.run(TableIdentifier.of("raw", "empty"), JobKind.EXPIRY, false);

    assertThat(ran).containsExactly("firn compaction", "firn expiry");
  }

  @Test
  void leavesATableItCannotLoadToTheInProcessJobsWhichReportWhy() {
    router.run(TableIdentifier.of("raw", "missing"), JobKind.COMPACTION, false);

    assertThat(ran).containsExactly("firn compaction");
  }

  @Test
  void measuresATableByItsCurrentSnapshotsTotalFileSize() {
    assertThat(EngineRouter.size(catalog.loadTable(TableIdentifier.of("raw", "large"))))
        .isEqualTo(10_000);
    assertThat(EngineRouter.size(catalog.loadTable(TableIdentifier.of("raw", "empty")))).isZero();
  }

  private JobRunner recorder(String engine) {
    return (table, kind, dryRun) -> {
      ran.add(engine + " " + kind.label());
      return new JobReport(table.toString(), kind, dryRun, CLOCK).done();
    };
  }

  private static void append(Table table, long... sizes) {
    for (int i = 0; i < sizes.length; i++) {
      table
          .newAppend()
          .appendFile(
              DataFiles.builder(PartitionSpec.unpartitioned())
                  .withPath(table.location() + "/data/file-" + i + ".parquet")
                  .withFormat(FileFormat.PARQUET)
                  .withFileSizeInBytes(sizes[i])
                  .withRecordCount(1)
                  .build())
          .commit();
    }
  }
}
