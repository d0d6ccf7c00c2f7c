package dev.firn.bench.ingest;

import dev.firn.bench.core.CatalogClients;
import dev.firn.writer.IngestResult;
import dev.firn.writer.TableWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * One load of the ingestion benchmark, in a JVM of its own so that its memory is its own: connects
 * to the catalog over REST, loads the files with Firn's writer or the plain Iceberg loader, and
 * prints one {@link LoadLine} for the harness.
 *
 * <p>Arguments: {@code firn|baseline ndjson|parquet <catalog uri> <warehouse> <table> <file>...}.
 */
public final class IngestLoaderMain {
  private IngestLoaderMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 6) {
      throw new IllegalArgumentException(
          "Usage: IngestLoaderMain firn|baseline ndjson|parquet <uri> <warehouse> <table> <file>...");
    }
    Loader loader = Loader.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
    InputFormat format = InputFormat.valueOf(args[1].toUpperCase(java.util.Locale.ROOT));
    TableIdentifier table = TableIdentifier.parse(args[4]);
    List<Path> files = Arrays.stream(args, 5, args.length).map(Path::of).toList();
    try (RESTCatalog catalog = new RESTCatalog()) {
      catalog.initialize(
          "ingest-bench",
          CatalogClients.properties(
              args[2], args[3], System.getenv(CatalogClients.CREDENTIAL_VARIABLE)));
      long start = System.nanoTime();
      LoadLine line =
          loader == Loader.FIRN
              ? firn(catalog, table, files)
              : baseline(catalog, table, format, files);
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.println(
          line.finished(millis, peakRssKilobytes()).render(loader.option(), table.toString()));
    }
  }

  private static LoadLine firn(RESTCatalog catalog, TableIdentifier table, List<Path> files) {
    try (TableWriter writer = new TableWriter(catalog)) {
      IngestResult result =
          writer
              .ingest(table)
              .files(files.stream().map(file -> file.toAbsolutePath().toString()).toList())
              .createIfMissing(true)
              .commit();
      // The writer runs a worker per core, each on whole files.
      int workers = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), files.size()));
      return new LoadLine(
          true,
          result.rows(),
          result.bytesRead(),
          result.dataFiles(),
          result.bytesWritten(),
          0,
          -1,
          workers);
    }
  }

  private static LoadLine baseline(
      RESTCatalog catalog, TableIdentifier table, InputFormat format, List<Path> files)
      throws IOException {
    PlainIcebergLoader.Counts counts = new PlainIcebergLoader(catalog).load(table, format, files);
    return new LoadLine(
        true,
        counts.rows(),
        counts.bytesRead(),
        counts.dataFiles(),
        counts.bytesWritten(),
        0,
        -1,
        1);
  }

  /** This process's peak resident set so far, from {@code /proc/self/status}, or -1. */
  private static long peakRssKilobytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
