package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.cli.CommandRuns.Run;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.junit.jupiter.api.Test;

/**
 * {@code firn ingest} killed with SIGKILL while it writes a batch that also adds a column: the
 * table is exactly as it was (same metadata file), and the same load run again lands whole.
 */
class KilledLoadTest extends EmbeddedStackTest {
  private static final TableIdentifier TABLE = TableIdentifier.parse("raw.killed");
  private static final int ROWS = 400_000;

  @Test
  void aLoaderKilledMidWriteLeavesTheTableAsItWasAndTheSameLoadThenLands() throws Exception {
    Path first = Files.write(dir.resolve("first.ndjson"), List.of("{\"id\": 0}"));
    assertThat(quietly("ingest", TABLE.toString(), first.toString(), "--create").exit()).isZero();
    client
        .loadTable(TABLE)
        .updateProperties()
        .set(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, String.valueOf(128 * 1024))
        .commit();
    Table before = client.loadTable(TABLE);
    TableMetadata metadata = ((HasTableOperations) before).operations().current();
    int dataObjects = dataObjects(before);
    Path big = dir.resolve("big.ndjson");
    try (BufferedWriter out = Files.newBufferedWriter(big)) {
      for (int i = 1; i <= ROWS; i++) {
        out.write("{\"id\": " + i + ", \"note\": \"row " + i + " of the batch that adds note\"}\n");
      }
    }

    Process loader = startLoader(big);
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (dataObjects(before) <= dataObjects + 1 && loader.isAlive()) {
      assertThat(Instant.now()).as("the loader writes files").isBefore(deadline);
      Thread.sleep(50);
    }
    assertThat(loader.isAlive()).as("the loader is still writing when killed").isTrue();
    loader.destroyForcibly();
    assertThat(loader.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Table after = client.loadTable(TABLE);
    TableMetadata now = ((HasTableOperations) after).operations().current();
    assertThat(now.metadataFileLocation()).isEqualTo(metadata.metadataFileLocation());
    assertThat(after.schema().findField("note")).isNull();
    assertThat(after.currentSnapshot().snapshotId())
        .isEqualTo(before.currentSnapshot().snapshotId());
    assertThat(dataObjects(after)).as("files the killed loader wrote").isGreaterThan(dataObjects);

    Run again = quietly("ingest", TABLE.toString(), big.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    Table loaded = client.loadTable(TABLE);
    assertThat(loaded.schema().findField("note")).isNotNull();
    assertThat(loaded.currentSnapshot().summary()).containsEntry("total-records", "400001");
  }

  @Test
  void anInterruptedLoaderSaysNothingWasCommittedAndKeepsInfoLogsOffTheTerminal() throws Exception {
    TableIdentifier table = TableIdentifier.parse("raw.interrupted");
    Path first = Files.write(dir.resolve("one.ndjson"), List.of("{\"id\": 0}"));
    assertThat(quietly("ingest", table.toString(), first.toString(), "--create").exit()).isZero();
    client
        .loadTable(table)
        .updateProperties()
        .set(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, String.valueOf(128 * 1024))
        .commit();
    Table before = client.loadTable(table);
    int dataObjects = dataObjects(before);
    Path big = dir.resolve("many.ndjson");
    try (BufferedWriter out = Files.newBufferedWriter(big)) {
      for (int i = 1; i <= ROWS; i++) {
        out.write("{\"id\": " + i + ", \"other\": \"row " + i + " of a batch cut short\"}\n");
      }
    }
    Path log = dir.resolve("interrupted.log");

    Process loader = startLoader(table, big, log);
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (dataObjects(before) <= dataObjects + 1 && loader.isAlive()) {
      assertThat(Instant.now()).as("the loader writes files").isBefore(deadline);
      Thread.sleep(50);
    }
    assertThat(loader.isAlive()).as("the loader is still writing when interrupted").isTrue();
    loader.destroy();
    assertThat(loader.waitFor(30, TimeUnit.SECONDS)).isTrue();

    String printed = Files.readString(log);
    assertThat(printed)
        .contains("firn: interrupted before committing: nothing was committed to raw.interrupted")
        .doesNotContain(" INFO ");
    assertThat(client.loadTable(table).currentSnapshot().snapshotId())
        .isEqualTo(before.currentSnapshot().snapshotId());
  }

  private static Process startLoader(Path input) throws Exception {
    return startLoader(TABLE, input, dir.resolve("loader.log"));
  }

  private static Process startLoader(TableIdentifier table, Path input, Path log) throws Exception {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder loader =
        new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Firn.class.getName(),
            "ingest",
            table.toString(),
            input.toString(),
            "--no-progress",
            "--threads",
            "1",
            "--catalog-uri",
            stack.catalog().uri().toString());
    loader.environment().put("FIRN_CREDENTIAL", CommandRuns.rootCredential(stack));
    return loader.redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Objects under the table's data folder. */
  private static int dataObjects(Table table) {
    int count = 0;
    for (FileInfo ignored :
        ((SupportsPrefixOperations) table.io()).listPrefix(table.location() + "/data/")) {
      count++;
    }
    return count;
  }

  private static Run quietly(String... args) {
    String[] withProgress = new String[args.length + 1];
    System.arraycopy(args, 0, withProgress, 0, args.length);
    withProgress[args.length] = "--no-progress";
    return firn(withProgress);
  }
}
