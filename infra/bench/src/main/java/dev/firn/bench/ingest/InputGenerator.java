package dev.firn.bench.ingest;

import dev.firn.bench.core.IngestSchema;
import dev.firn.bench.core.SyntheticRows;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;

/**
 * Writes the benchmark's input files: seeded synthetic rows as NDJSON, or as Parquet through
 * Iceberg's generic Parquet writer, in files of about {@link #FILE_BYTES} each, reporting progress
 * as it goes.
 */
final class InputGenerator {
  static final long FILE_BYTES = 128L << 20;
  private static final long PROGRESS_BYTES = 64L << 20;
  // A Parquet file's size is known only as often as the writer is asked.
  private static final int SIZE_CHECK_ROWS = 4096;
  // Only files this large tell the estimate's error; a small last file would mislead.
  private static final long MIN_LEARNING_BYTES = 8L << 20;
  private static final double SIZE_MARGIN = 0.98;

  private final PrintStream progress;
  // The last Parquet file's written size over the writer's estimate at its end, less a margin so
  // that files end just above their target rather than just below it.
  private double parquetSizeRatio = 0.9;

  InputGenerator(PrintStream progress) {
    this.progress = progress;
  }

  /** Files totalling at least {@code totalBytes} in {@code directory}, rows from {@code seed}. */
  InputSet generate(InputFormat format, Path directory, long totalBytes, long seed)
      throws IOException {
    Files.createDirectories(directory);
    // At least a file per core: Firn's writer gives each of its workers (one per core) whole files.
    int fileCount =
        (int)
            Math.max(
                Runtime.getRuntime().availableProcessors(),
                (totalBytes + FILE_BYTES - 1) / FILE_BYTES);
    long perFile = (totalBytes + fileCount - 1) / fileCount;
    List<Path> files = new ArrayList<>();
    long bytes = 0;
    long rows = 0;
    // Parquet's size is only estimated while writing: files go on until the total is reached.
    for (int i = 0; bytes < totalBytes; i++) {
      Path file = directory.resolve(String.format("part-%05d.%s", i, format.extension()));
      SyntheticRows source = new SyntheticRows(seed * 1_000_003L + i, rows);
      long target = Math.min(perFile, totalBytes - bytes);
      long written =
          format == InputFormat.NDJSON
              ? writeNdjson(file, source, target)
              : writeParquet(file, source, target);
      files.add(file);
      rows += written;
      bytes += Files.size(file);
      progress.printf(
          "Generated %s: %d files, %,d of %,d MB, %,d rows%n",
          format.label(), i + 1, bytes >> 20, totalBytes >> 20, rows);
    }
    return new InputSet(format, files, bytes, rows);
  }

  private long writeNdjson(Path file, SyntheticRows source, long targetBytes) throws IOException {
    long rows = 0;
    long bytes = 0;
    long reported = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      while (bytes < targetBytes) {
        String line = SyntheticRows.toJson(source.next());
        out.write(line);
        out.write('\n');
        bytes += line.length() + 1;
        rows++;
        if (bytes - reported >= PROGRESS_BYTES) {
          reported = bytes;
          progress.printf("  %s: %,d MB%n", file.getFileName(), bytes >> 20);
        }
      }
    }
    return rows;
  }

  private long writeParquet(Path file, SyntheticRows source, long targetBytes) throws IOException {
    Files.deleteIfExists(file);
    long rows = 0;
    long reported = 0;
    long estimate;
    try (FileAppender<Record> out =
        Parquet.write(org.apache.iceberg.Files.localOutput(file.toFile()))
            .schema(IngestSchema.SCHEMA)
            .createWriterFunc(GenericParquetWriter::create)
            .build()) {
      while (true) {
        for (int i = 0; i < SIZE_CHECK_ROWS; i++) {
          out.add(SyntheticRows.toRecord(source.next()));
        }
        rows += SIZE_CHECK_ROWS;
        long length = (long) (out.length() * parquetSizeRatio);
        if (length >= targetBytes) {
          break;
        }
        if (length - reported >= PROGRESS_BYTES) {
          reported = length;
          progress.printf("  %s: about %,d MB%n", file.getFileName(), length >> 20);
        }
      }
      estimate = out.length();
    }
    if (targetBytes >= MIN_LEARNING_BYTES) {
      double ratio = (double) Files.size(file) / estimate * SIZE_MARGIN;
      parquetSizeRatio = Math.min(1.5, Math.max(0.3, ratio));
    }
    return rows;
  }
}
