package dev.firn.writer.load;

import dev.firn.writer.BadRowLimit;
import dev.firn.writer.BadRowPolicy;
import dev.firn.writer.DeadLetters;
import dev.firn.writer.IngestProgress;
import dev.firn.writer.SchemaMode;
import dev.firn.writer.WriteMode;
import dev.firn.writer.input.InputFiles;
import dev.firn.writer.input.SourceFormat;
import dev.firn.writer.input.SourceOptions;
import dev.firn.writer.input.TableFolders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;

/**
 * One load, fixed when {@code Ingest.apply()} or {@code Ingest.commit()} is called: the plan and
 * the run read only this.
 */
public record IngestRequest(
    TableIdentifier table,
    List<String> locations,
    List<BatchPart> records,
    SourceFormat format,
    SourceOptions options,
    String batchId,
    WriteMode mode,
    List<String> keys,
    String filter,
    boolean createIfMissing,
    Schema schema,
    List<String> partitionBy,
    int formatVersion,
    Map<String, String> tableProperties,
    String branch,
    SchemaMode schemaMode,
    BadRowPolicy badRows,
    BadRowLimit badRowLimit,
    DeadLetters deadLetters,
    IngestProgress progress,
    int threads) {

  /** The inputs as parts: files resolved (and checked not to be a table's), then records. */
  List<BatchPart> parts(Supplier<FileIO> inputIo) {
    List<BatchPart> parts = new ArrayList<>();
    if (!locations.isEmpty()) {
      boolean remote = locations.stream().anyMatch(l -> l.contains("://"));
      FileIO io = remote ? inputIo.get() : null;
      List<InputFile> files = InputFiles.resolve(locations, io);
      TableFolders.refuseTableFiles(locations, files, io);
      for (InputFile file : files) {
        parts.add(BatchPart.file(file, formatOf(file), options));
      }
    }
    parts.addAll(records);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("Nothing to load: give input files or records");
    }
    return parts;
  }

  private SourceFormat formatOf(InputFile file) {
    if (format != null) {
      return format;
    }
    return SourceFormat.forPath(file.location())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Cannot tell the format of "
                        + file.location()
                        + " from its name: give the format (ndjson, csv, avro or parquet)"));
  }
}
