package dev.firn.maintenance.compaction;

import static dev.firn.maintenance.compaction.CompactionFixture.SCHEMA;
import static dev.firn.maintenance.compaction.CompactionFixture.SPEC;
import static dev.firn.maintenance.compaction.CompactionFixture.appendSmallFiles;
import static dev.firn.maintenance.compaction.CompactionFixture.contents;
import static dev.firn.maintenance.compaction.CompactionFixture.dataFiles;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.RunningCompactions;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import dev.firn.testing.TableRows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Compaction groups that need nothing applied: their Parquet row groups are copied. */
@ExtendWith(S3EndpointExtension.class)
class RowGroupCopyTest {
  static final TableIdentifier EVENTS = TableIdentifier.of("raw", "events");
  static final long TARGET = 96 * 1024;

  private CatalogServer server;
  private RESTCatalog catalog;
  private Table table;

  @BeforeEach
  void start(S3Endpoint s3, @TempDir Path dir) {
    server = TestCatalogServers.start(s3, Database.sqlite(dir));
    catalog = TestCatalogServers.client(server, Map.of());
    table =
        catalog
            .buildTable(EVENTS, SCHEMA)
            .withPartitionSpec(SPEC)
            .withProperty(TableProperties.FORMAT_VERSION, "2")
            .create();
  }

  @AfterEach
  void stop() throws Exception {
    catalog.close();
    server.close();
  }

  @Test
  void filesWithNothingToApplyAreCopiedWithEveryRowAndTrueColumnBounds() throws IOException {
    appendSmallFiles(table, 30, 400);
    List<DataFile> inputs = dataFiles(table);
    assertThat(inputs).hasSize(120);
    TreeSet<String> before = contents(table);

    JobResult result = compaction().commit();

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.count(Measure.FILES_REWRITTEN)).isEqualTo(120);
    assertThat(result.details())
        .filteredOn(line -> line.contains("committed"))
        .hasSize(4)
        .allMatch(line -> line.endsWith("(row groups copied)"));
    assertThat(contents(table)).isEqualTo(before);
    List<DataFile> outputs = filesWithStats();
    assertThat(outputs.size()).isBetween(4, 40);
    int inputRowGroups = 0;
    for (DataFile input : inputs) {
      inputRowGroups += rowGroups(input);
    }
    int outputRowGroups = 0;
    for (DataFile output : outputs) {
      outputRowGroups += rowGroups(output);
      assertThat(output.fileSizeInBytes())
          .isEqualTo(table.io().newInputFile(output.location()).getLength());
      assertThat(output.fileSizeInBytes()).isLessThanOrEqualTo(TARGET);
    }
    assertThat(outputRowGroups).isEqualTo(inputRowGroups).isGreaterThan(outputs.size());
    assertBoundsMatchRows(outputs);
    assertThat(outputs.stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(12_000);
  }

  @Test
  void anUnpartitionedTableIsCopiedIntoItsDataFolder() {
    TableIdentifier flat = TableIdentifier.of("raw", "flat");
    Table unpartitioned = catalog.createTable(flat, SCHEMA);
    for (int batch = 0; batch < 4; batch++) {
      var append = unpartitioned.newAppend();
      TableRows.write(unpartitioned, CompactionFixture.rows(batch * 100L, 100))
          .forEach(append::appendFile);
      append.commit();
    }
    TreeSet<String> before = contents(unpartitioned);

    JobResult result =
        new Compaction(unpartitioned, java.time.Clock.systemUTC(), new RunningCompactions())
            .targetFileSize(TARGET)
            .minInputFiles(2)
            .commit();

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.details()).anyMatch(line -> line.endsWith("(row groups copied)"));
    assertThat(contents(unpartitioned)).isEqualTo(before);
    assertThat(dataFiles(unpartitioned))
        .singleElement()
        .satisfies(
            file ->
                assertThat(file.location())
                    .startsWith(unpartitioned.location() + "/data/")
                    .doesNotContain("data//"));
  }

  @Test
  void copyingSwitchedOffRewritesTheRows() {
    appendSmallFiles(table, 10, 400);
    TreeSet<String> before = contents(table);

    JobResult result = compaction().copyRowGroups(false).commit();

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.count(Measure.GROUPS_COMMITTED)).isEqualTo(4);
    assertThat(result.details()).noneMatch(line -> line.contains("copied"));
    assertThat(contents(table)).isEqualTo(before);
  }

  @Test
  void filesWrittenBeforeASchemaChangeAreRewrittenNotCopied() {
    appendSmallFiles(table, 10, 400);
    table.updateSchema().addColumn("channel", Types.StringType.get()).commit();
    table.refresh();
    Record late = GenericRecord.create(table.schema());
    late.setField("id", 1_000_000L);
    late.setField("category", "a");
    late.setField("channel", "web");
    var append = table.newAppend();
    TableRows.write(table, List.of(late)).forEach(append::appendFile);
    append.commit();

    JobResult result = compaction().commit();

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.count(Measure.GROUPS_COMMITTED)).isEqualTo(4);
    assertThat(result.details()).noneMatch(line -> line.contains("copied"));
    List<Record> rows = TableRows.read(table);
    assertThat(rows).hasSize(4_001);
    assertThat(rows)
        .filteredOn(row -> row.getField("channel") != null)
        .singleElement()
        .satisfies(row -> assertThat(row.getField("id")).isEqualTo(1_000_000L));
  }

  /** Each file's id bounds equal the ids a filtered scan of that file's rows finds. */
  private void assertBoundsMatchRows(List<DataFile> outputs) {
    for (DataFile file : outputs) {
      long lower = Conversions.fromByteBuffer(Types.LongType.get(), file.lowerBounds().get(1));
      long upper = Conversions.fromByteBuffer(Types.LongType.get(), file.upperBounds().get(1));
      assertThat(file.nullValueCounts().get(3)).isZero();
      try (CloseableIterable<org.apache.iceberg.FileScanTask> tasks =
          table.newScan().filter(Expressions.equal("id", lower)).planFiles()) {
        assertThat(tasks).extracting(task -> task.file().location()).contains(file.location());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      assertThat(upper).isGreaterThan(lower);
    }
    long smallest =
        outputs.stream()
            .mapToLong(
                f -> Conversions.fromByteBuffer(Types.LongType.get(), f.lowerBounds().get(1)))
            .min()
            .orElseThrow();
    long largest =
        outputs.stream()
            .mapToLong(
                f -> Conversions.fromByteBuffer(Types.LongType.get(), f.upperBounds().get(1)))
            .max()
            .orElseThrow();
    assertThat(smallest).isZero();
    assertThat(largest).isEqualTo(11_999L);
  }

  private List<DataFile> filesWithStats() throws IOException {
    table.refresh();
    try (CloseableIterable<org.apache.iceberg.FileScanTask> tasks =
        table.newScan().includeColumnStats().planFiles()) {
      List<DataFile> files = new java.util.ArrayList<>();
      tasks.forEach(task -> files.add(task.file()));
      return files;
    }
  }

  private int rowGroups(DataFile file) throws IOException {
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            ParquetStreams.input(
                table.io().newInputFile(file.location(), file.fileSizeInBytes())))) {
      return reader.getFooter().getBlocks().size();
    }
  }

  private Compaction compaction() {
    table.refresh();
    return new Compaction(table, java.time.Clock.systemUTC(), new RunningCompactions())
        .targetFileSize(TARGET)
        .minInputFiles(2);
  }
}
