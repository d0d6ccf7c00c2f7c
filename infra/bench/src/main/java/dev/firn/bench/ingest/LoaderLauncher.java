package dev.firn.bench.ingest;

import dev.firn.bench.core.ChildJvms;
import dev.firn.bench.core.ChildRun;
import dev.firn.bench.core.FirnStack;
import dev.firn.bench.core.IngestSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.SchemaParser;

/**
 * Runs loads in child JVMs, one at a time: Firn's writer and the plain loader ({@link
 * IngestLoaderMain}) on the harness's classpath, Spark ({@code SparkIngestRun}, {@code local[2]})
 * on its module's classpath. A load that fails or times out is recorded as a failure.
 */
final class LoaderLauncher {
  static final String SPARK_MAIN_CLASS = "dev.firn.bench.spark.SparkIngestRun";
  static final String SCHEMA_FILE = "ingest-schema.json";

  private final FirnStack stack;
  private final Duration timeout;

  LoaderLauncher(FirnStack stack, Duration timeout) throws IOException {
    this.stack = stack;
    this.timeout = timeout;
    // Spark reads NDJSON with the schema the other loaders give their tables.
    Files.writeString(
        schemaFile(), SchemaParser.toJson(IngestSchema.SCHEMA), StandardCharsets.UTF_8);
  }

  LoadMeasurement load(Loader loader, InputFormat format, String table, List<Path> files)
      throws IOException, InterruptedException {
    ChildJvms children = stack.children();
    String formatName = format.name().toLowerCase(Locale.ROOT);
    List<String> paths = files.stream().map(file -> file.toAbsolutePath().toString()).toList();
    List<String> arguments = new ArrayList<>();
    if (loader == Loader.SPARK) {
      arguments.addAll(
          List.of(
              "--catalog-uri", stack.catalogUri(),
              "--warehouse", FirnStack.warehouse(),
              "--table", table,
              "--format", formatName,
              "--schema-file", schemaFile().toAbsolutePath().toString(),
              "--inputs", String.join(",", paths)));
    } else {
      arguments.addAll(
          List.of(loader.option(), formatName, stack.catalogUri(), FirnStack.warehouse(), table));
      arguments.addAll(paths);
    }
    ChildRun child =
        children.run(
            "load-" + loader.name() + "-" + format.name(),
            gcLog ->
                loader == Loader.SPARK
                    ? children.spark(SPARK_MAIN_CLASS, gcLog, arguments, List.of())
                    : children.firn(IngestLoaderMain.class, gcLog, arguments),
            timeout);
    Optional<LoadLine> line = LoadLine.find(child.output());
    String failure = null;
    if (child.exitCode() == null) {
      failure = "no result within " + timeout.toMinutes() + " minutes";
    } else if (child.exitCode() != 0 || line.isEmpty()) {
      failure = "exit code " + child.exitCode() + "; see " + child.log();
    }
    return new LoadMeasurement(
        loader,
        format,
        table,
        failure == null ? line.get() : null,
        child.figures().wallSeconds(),
        child.figures().heapPeakMegabytes(),
        failure);
  }

  private Path schemaFile() {
    return stack.children().workDirectory().resolve(SCHEMA_FILE);
  }
}
