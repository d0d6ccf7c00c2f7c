package dev.firn.cli;

import dev.firn.writer.BadRowLimit;
import dev.firn.writer.BadRowPolicy;
import dev.firn.writer.Bytes;
import dev.firn.writer.DeadLetters;
import dev.firn.writer.Ingest;
import dev.firn.writer.IngestPlan;
import dev.firn.writer.IngestProgress;
import dev.firn.writer.IngestResult;
import dev.firn.writer.SchemaMode;
import dev.firn.writer.TableWriter;
import dev.firn.writer.WriteMode;
import dev.firn.writer.input.AvroRecords;
import dev.firn.writer.input.SourceFormat;
import dev.firn.writer.input.SourceOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.rest.RESTCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code firn ingest}: loads files into a table as one idempotent snapshot commit. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Loads NDJSON, CSV, Avro or Parquet files (local paths, directories, globs or s3:// URIs)"
          + " into a table as one snapshot commit.",
      "",
      "Every batch has an id (given, or derived from the inputs' content and the target) stamped"
          + " in the snapshot; running a batch again finds it and does nothing. New columns,"
          + " widened types and dropped required columns evolve the schema first; any other"
          + " change is refused before anything is written."
    })
final class IngestCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "TABLE", description = "The table, e.g. raw.sales.orders.")
  String table;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT", description = "Input files.")
  List<String> inputs;

  @Option(names = "--format", description = "ndjson, csv, avro or parquet (default: by extension).")
  String format;

  @Option(
      names = "--mode",
      defaultValue = "append",
      description = "append, overwrite, upsert or delete (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(
      names = "--key",
      split = ",",
      paramLabel = "COL",
      description = "Key columns of an upsert or delete.")
  List<String> keys = new ArrayList<>();

  @Option(
      names = "--filter",
      paramLabel = "EXPR",
      description = "Overwrite the rows matching this filter, e.g. \"day = '2026-11-21'\".")
  String filter;

  @Option(names = "--batch-id", paramLabel = "ID", description = "The batch id.")
  String batchId;

  @Option(names = "--create", description = "Create the table if it does not exist.")
  boolean create;

  @Option(
      names = "--schema",
      paramLabel = "FILE",
      description = "Schema to create the table with: Iceberg JSON (.json) or Avro (.avsc).")
  Path schema;

  @Option(
      names = "--partition-by",
      paramLabel = "FIELDS",
      description = "Partition fields, e.g. 'day(ts), bucket(16, id), region'.")
  String partitionBy;

  @Option(
      names = "--format-version",
      defaultValue = "2",
      description = "Format version of a created table (default: ${DEFAULT-VALUE}).")
  int formatVersion;

  @Option(
      names = "--schema-mode",
      defaultValue = "additive",
      paramLabel = "MODE",
      description =
          "additive (add columns, widen typed inputs), strict (refuse any schema change) or"
              + " evolve (additive, and text inputs widen int to long); default: ${DEFAULT-VALUE}.")
  String schemaMode;

  @Option(names = "--branch", description = "Write to this branch instead of main.")
  String branch;

  @Option(
      names = "--bad-rows",
      defaultValue = "fail",
      description = "fail, skip or dead-letter (default: ${DEFAULT-VALUE}).")
  String badRows;

  @Option(
      names = "--dead-letter-file",
      paramLabel = "FILE",
      description =
          "With dead-letter: keep the bad rows in this file of JSON lines (a path or s3:// URI).")
  String deadLetterFile;

  @Option(
      names = "--dead-letter-table",
      paramLabel = "TABLE",
      description =
          "With dead-letter: keep the bad rows in this table (created on first use), e.g."
              + " raw.orders_rejects.")
  String deadLetterTable;

  @Option(
      names = "--dead-letter",
      paramLabel = "FILE",
      description =
          "Same as --dead-letter-file, for a path with a / in it; a name without one could be a"
              + " file or a table, and is refused.")
  String deadLetter;

  @Option(names = "--csv-delimiter", defaultValue = ",", description = "CSV field separator.")
  char csvDelimiter;

  @Option(names = "--csv-quote", defaultValue = "\"", description = "CSV quote character.")
  char csvQuote;

  @Option(names = "--csv-no-header", description = "CSV files have no header line.")
  boolean csvNoHeader;

  @Option(names = "--csv-null", defaultValue = "", description = "CSV text that means null.")
  String csvNull;

  @Option(
      names = "--infer-rows",
      defaultValue = "10000",
      description = "Rows of each text file that type inference reads (default: ${DEFAULT-VALUE}).")
  int inferRows;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Inputs read and written at once (default: one per core; upserts use one).")
  Integer threads;

  @Option(
      names = "--max-bad-rows",
      paramLabel = "N|P%",
      description =
          "With skip or dead-letter: fail the load (changing nothing) past this many bad rows, or"
              + " this share of the rows read, e.g. 100 or 0.5%.")
  String maxBadRows;

  @Option(names = "--json", description = "Print one JSON object with the result, for scripts.")
  boolean json;

  @Option(names = "--dry-run", description = "Show what the load would do; change nothing.")
  boolean dryRun;

  @Option(names = "--no-progress", description = "Do not show progress.")
  boolean noProgress;

  @Mixin CatalogOptions catalog;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (RESTCatalog client = catalog.connect(System.getenv());
        TableWriter writer = new TableWriter(client)) {
      Ingest ingest = configure(writer.ingest(TableIdentifier.parse(table)));
      if (dryRun) {
        out.print(describe(ingest.apply()));
        return 0;
      }
      LoadPhase phase = new LoadPhase(table);
      IngestProgress bar =
          noProgress || json
              ? IngestProgress.NONE
              : new ProgressBar(
                  spec.commandLine().getErr(), System.console() != null, Clock.systemUTC());
      ingest.progress(phase.around(bar));
      Thread interrupted = phase.onInterrupt(spec.commandLine().getErr());
      IngestResult result;
      try {
        result = ingest.commit();
      } catch (CommitStateUnknownException e) {
        phase.done(interrupted);
        spec.commandLine()
            .getErr()
            .println(
                "firn: The catalog did not say whether the commit applied ("
                    + e.getMessage()
                    + "). Its files are kept. Run the same command again: it finds the batch if"
                    + " it landed, and loads it otherwise.");
        return ExitCode.OUTCOME_UNKNOWN;
      } catch (RuntimeException e) {
        phase.done(interrupted);
        throw e;
      }
      phase.done(interrupted);
      if (json) {
        JsonResult.print(out, JsonResult.of(result));
      } else {
        out.print(result.summary());
      }
      return 0;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot close the catalog client: " + e.getMessage(), e);
    }
  }

  Ingest configure(Ingest ingest) {
    ingest
        .files(inputs)
        .options(
            SourceOptions.defaults()
                .withCsv(csvDelimiter, csvQuote, !csvNoHeader, csvNull)
                .withInferRows(inferRows))
        .mode(WriteMode.named(mode))
        .keys(keys)
        .batchId(batchId)
        .createIfMissing(create)
        .maxBadRows(maxBadRows == null ? BadRowLimit.NONE : BadRowLimit.parse(maxBadRows))
        .schemaMode(SchemaMode.parse(schemaMode))
        .formatVersion(formatVersion)
        .badRows(BadRowPolicy.named(badRows))
        .deadLetters(deadLetters());
    if (format != null) {
      ingest.format(SourceFormat.named(format));
    }
    if (filter != null) {
      ingest.overwriteFilter(filter);
    }
    if (schema != null) {
      ingest.schema(readSchema(schema));
    }
    if (partitionBy != null) {
      ingest.partitionBy(splitTopLevel(partitionBy));
    }
    if (branch != null) {
      ingest.branch(branch);
    }
    if (threads != null) {
      ingest.threads(threads);
    }
    return ingest;
  }

  /** The dead-letter target the options name, or null; only one may be given. */
  DeadLetters deadLetters() {
    List<String> given = new ArrayList<>();
    DeadLetters target = null;
    if (deadLetterFile != null) {
      given.add("--dead-letter-file");
      target = DeadLetters.toFile(deadLetterFile);
    }
    if (deadLetterTable != null) {
      given.add("--dead-letter-table");
      target = DeadLetters.toTable(TableIdentifier.parse(deadLetterTable));
    }
    if (deadLetter != null) {
      given.add("--dead-letter");
      if (!deadLetter.contains("/")) {
        // Table names never hold a slash; without one, rejects.json could be either.
        throw new UsageException(
            "Ambiguous --dead-letter "
                + deadLetter
                + ": it could be a file or a table; give --dead-letter-file "
                + deadLetter
                + " or --dead-letter-table "
                + deadLetter);
      }
      target = DeadLetters.toFile(deadLetter);
    }
    if (given.size() > 1) {
      throw new UsageException("Give one dead-letter target, not " + String.join(" and ", given));
    }
    return target;
  }

  static Schema readSchema(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UsageException("Cannot read schema file " + file + ": " + e.getMessage());
    }
    try {
      if (file.toString().endsWith(".avsc")) {
        return AvroRecords.icebergSchema(new org.apache.avro.Schema.Parser().parse(text));
      }
      return SchemaParser.fromJson(text);
    } catch (RuntimeException e) {
      throw new UsageException("Invalid schema file " + file + ": " + e.getMessage());
    }
  }

  /** Splits {@code day(ts), bucket(16, id)} at the commas outside parentheses. */
  static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i).trim());
        start = i + 1;
      }
    }
    parts.add(text.substring(start).trim());
    return parts;
  }

  /** A schema on one line: {@code id long, name string, address struct<...>}. */
  private static String columns(Schema schema) {
    return String.join(
        ", ",
        schema.columns().stream()
            .map(c -> c.name() + " " + c.type() + (c.isRequired() ? " not null" : ""))
            .toList());
  }

  static String describe(IngestPlan plan) {
    StringBuilder text = new StringBuilder();
    text.append("Dry run: nothing was changed.\n");
    if (plan.committedSnapshotId() != null) {
      return text.append("Batch ")
          .append(plan.batchId())
          .append(" is already in ")
          .append(plan.table())
          .append(" (snapshot ")
          .append(plan.committedSnapshotId())
          .append("); a load would do nothing.\n")
          .toString();
    }
    plan.creates()
        .namespaces()
        .forEach(
            namespace -> text.append("Would create namespace ").append(namespace).append('\n'));
    text.append(plan.creates().table() ? "Would create " : "Would load into ").append(plan.table());
    text.append(" batch ").append(plan.batchId()).append('\n');
    if (plan.creates().branch()) {
      text.append("  branch  created from main\n");
    }
    IngestPlan.Inputs inputs = plan.inputs();
    text.append("  inputs  ").append(inputs.locations().size());
    text.append(inputs.bytes() >= 0 ? " (" + Bytes.human(inputs.bytes()) + ")" : "");
    text.append('\n');
    inputs.locations().forEach(input -> text.append("    ").append(input).append('\n'));
    plan.changes()
        .schema()
        .forEach(change -> text.append("  change  ").append(change).append('\n'));
    plan.notes().forEach(note -> text.append("  note    ").append(note).append('\n'));
    if (plan.schema() != null) {
      text.append("  schema  ").append(columns(plan.schema())).append('\n');
    }
    if (plan.spec() != null) {
      text.append("  spec    ")
          .append(plan.spec().isUnpartitioned() ? "unpartitioned" : plan.spec().fields())
          .append(plan.changes().newSpec() ? " (new)" : "")
          .append('\n');
    }
    return text.toString();
  }
}
