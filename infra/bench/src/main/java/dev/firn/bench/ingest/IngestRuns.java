package dev.firn.bench.ingest;

import dev.firn.bench.core.FirnStack;
import dev.firn.bench.core.ServerProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Runs the loads of one format: a warm-up per loader on a small slice, then the measured loads,
 * alternating the loaders so that drift on the machine reaches all alike. Each load goes into a
 * fresh table in the {@code raw} zone; afterwards the harness counts the table's rows through the
 * catalog, and a load whose table does not hold the input's rows counts as failed. Its data files
 * are then removed from the S3 folder, so the disk holds one load's output at a time.
 */
final class IngestRuns {
  static final String ZONE = FirnStack.ZONE;

  private final LoaderLauncher launcher;
  private final List<Loader> loaders;
  private final Catalog tables;
  private final Path s3DataDirectory;
  private final ServerProcess catalog;
  private final PrintStream progress;
  private int loaded;

  /**
   * Runs on {@code launcher} with each of {@code loaders}; {@code tables} is the catalog the loads
   * write to, which counts their rows.
   */
  IngestRuns(
      LoaderLauncher launcher,
      List<Loader> loaders,
      Catalog tables,
      Path s3DataDirectory,
      ServerProcess catalog,
      PrintStream progress) {
    this.launcher = launcher;
    this.loaders = List.copyOf(loaders);
    this.tables = tables;
    this.s3DataDirectory = s3DataDirectory;
    this.catalog = catalog;
    this.progress = progress;
  }

  /** The measured loads of {@code input}, after a warm-up on {@code warmUp} unless it is null. */
  FormatResult run(InputSet warmUp, InputSet input, int repetitions)
      throws IOException, InterruptedException {
    List<LoadMeasurement> warmUps = new ArrayList<>();
    for (Loader loader : loaders) {
      if (warmUp != null) {
        warmUps.add(load(loader, warmUp, "warm-up"));
      }
    }
    Map<Loader, List<LoadMeasurement>> measured = new EnumMap<>(Loader.class);
    for (Loader loader : loaders) {
      measured.put(loader, new ArrayList<>());
    }
    for (int repetition = 1; repetition <= repetitions; repetition++) {
      for (Loader loader : loaders) {
        String label = "repetition " + repetition + " of " + repetitions;
        measured.get(loader).add(load(loader, input, label));
      }
    }
    return new FormatResult(input, warmUps, measured);
  }

  private LoadMeasurement load(Loader loader, InputSet input, String label)
      throws IOException, InterruptedException {
    loaded++;
    String table =
        String.format(
            Locale.ROOT,
            "%s.ingest_%s_%s_%02d",
            ZONE,
            input.format().name().toLowerCase(Locale.ROOT),
            loader.option(),
            loaded);
    progress.printf(
        "Loading %s (%,d MB) with %s, %s...%n",
        input.format().label(), input.bytes() >> 20, loader.label(), label);
    LoadMeasurement result = launcher.load(loader, input.format(), table, input.files());
    if (result.succeeded()) {
      long rows = tableRows(table);
      if (rows != input.rows()) {
        result = result.rowCountMismatch(rows, input.rows());
        progress.println("WARNING: " + result.describe());
      }
    }
    progress.println("  " + result.describe());
    // Without the catalog every further load fails too; stop rather than run them all.
    if (!result.succeeded() && !catalog.isAlive()) {
      throw new IllegalStateException(
          "Firn's catalog server stopped during the run; see " + catalog.log());
    }
    removeDataFiles();
    return result;
  }

  /** The rows of the table's current snapshot, as its summary counts them; -1 without one. */
  private long tableRows(String table) {
    Snapshot current = tables.loadTable(TableIdentifier.parse(table)).currentSnapshot();
    if (current == null) {
      return -1;
    }
    return Long.parseLong(current.summary().getOrDefault(SnapshotSummary.TOTAL_RECORDS_PROP, "-1"));
  }

  /** Deletes the Parquet data files under the S3 folder; metadata stays. */
  private void removeDataFiles() throws IOException {
    if (!Files.isDirectory(s3DataDirectory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(s3DataDirectory)) {
      for (Path path : paths.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
