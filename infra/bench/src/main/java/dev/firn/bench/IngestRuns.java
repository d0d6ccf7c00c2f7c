package dev.firn.bench;

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

/**
 * Runs the loads of one format: a warm-up per loader on a small slice, then the measured loads,
 * alternating Firn and the baseline so that drift on the machine reaches both alike. Each load goes
 * into a fresh table in the {@code raw} zone; its data files are removed from the S3 folder after
 * it, so the disk holds one load's output at a time.
 */
final class IngestRuns {
  static final String ZONE = "raw";

  private final LoaderLauncher launcher;
  private final Path s3DataDirectory;
  private final ServerProcess catalog;
  private final PrintStream progress;
  private int tables;

  IngestRuns(
      LoaderLauncher launcher, Path s3DataDirectory, ServerProcess catalog, PrintStream progress) {
    this.launcher = launcher;
    this.s3DataDirectory = s3DataDirectory;
    this.catalog = catalog;
    this.progress = progress;
  }

  /** The measured loads of {@code input}, after a warm-up on {@code warmUp} unless it is null. */
  FormatResult run(InputSet warmUp, InputSet input, int repetitions)
      throws IOException, InterruptedException {
    List<LoadMeasurement> warmUps = new ArrayList<>();
    for (Loader loader : Loader.values()) {
      if (warmUp != null) {
        warmUps.add(load(loader, warmUp, "warm-up"));
      }
    }
    Map<Loader, List<LoadMeasurement>> measured = new EnumMap<>(Loader.class);
    for (Loader loader : Loader.values()) {
      measured.put(loader, new ArrayList<>());
    }
    for (int repetition = 1; repetition <= repetitions; repetition++) {
      for (Loader loader : Loader.values()) {
        String label = "repetition " + repetition + " of " + repetitions;
        measured.get(loader).add(load(loader, input, label));
      }
    }
    return new FormatResult(input, warmUps, measured);
  }

  private LoadMeasurement load(Loader loader, InputSet input, String label)
      throws IOException, InterruptedException {
    tables++;
    String table =
        String.format(
            Locale.ROOT,
            "%s.ingest_%s_%s_%02d",
            ZONE,
            input.format().name().toLowerCase(Locale.ROOT),
            loader.name().toLowerCase(Locale.ROOT),
            tables);
    progress.printf(
        "Loading %s (%,d MB) with %s, %s...%n",
        input.format().label(), input.bytes() >> 20, loader.label(), label);
    LoadMeasurement result = launcher.load(loader, input.format(), table, input.files());
    progress.println("  " + result.describe());
    // Without the catalog every further load fails too; stop rather than run them all.
    if (!result.succeeded() && !catalog.isAlive()) {
      throw new IllegalStateException(
          "Firn's catalog server stopped during the run; see " + catalog.log());
    }
    removeDataFiles();
    return result;
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
