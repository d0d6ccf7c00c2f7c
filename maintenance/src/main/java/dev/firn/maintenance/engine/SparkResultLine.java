package dev.firn.maintenance.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.JobResultJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one line of JSON the Spark engine's {@code SparkJobRun} prints at the end of a job, and
 * {@link SparkJobProcess} reads back from the child's output: a whole {@link JobResult} in {@link
 * JobResultJson}'s form, after {@code "engine":"spark"}, and how long Spark took to start:
 *
 * <pre>
 * {"engine":"spark","table":"raw.events","job":"compaction","dry-run":false,
 *  "started":"2026-11-22T07:00:00Z","duration-ms":5120,"counts":{"files-rewritten":40,...},
 *  "snapshot-ids":[...],"details":[...],"error":null,"startup-ms":8210}
 * </pre>
 *
 * At most {@link #MAX_DETAILS} detail lines are written.
 *
 * @param result what the job did
 * @param startupMillis how long the SparkSession took to start, before the job
 */
public record SparkResultLine(JobResult result, long startupMillis) {
  /** How every result line starts, so that a reader can find it among log lines. */
  public static final String PREFIX = "{\"engine\":\"spark\"";

  /** The most detail lines written; a large table can have hundreds of thousands of groups. */
  public static final int MAX_DETAILS = 1000;

  /** The line, without a line break. */
  public String render() {
    JobResult capped =
        new JobResult(
            result.table(),
            result.kind(),
            result.dryRun(),
            result.started(),
            result.duration(),
            result.counts(),
            result.snapshotIds(),
            cappedDetails(result.details()),
            result.error());
    ObjectNode line = JobResultJson.node(capped);
    ObjectNode withEngine = line.objectNode().put("engine", "spark");
    withEngine.setAll(line);
    withEngine.put("startup-ms", startupMillis);
    return JobResultJson.text(withEngine);
  }

  /**
   * Reads a line written by {@link #render()}.
   *
   * @throws IllegalArgumentException when the line is not a result line
   */
  public static SparkResultLine parse(String line) {
    if (!line.startsWith(PREFIX)) {
      throw new IllegalArgumentException("Not a Spark result line");
    }
    try {
      JsonNode node = JobResultJson.tree(line);
      return new SparkResultLine(JobResultJson.result(node), node.path("startup-ms").asLong());
    } catch (IllegalArgumentException e) {
      Throwable reason = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException(
          "Unreadable Spark result line: " + reason.getMessage(), reason);
    }
  }

  /** The last result line of a child's output, if it printed one. */
  static Optional<String> find(Path output) throws IOException {
    String found = null;
    try (BufferedReader lines = Files.newBufferedReader(output, StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith(PREFIX)) {
          found = line;
        }
      }
    }
    return Optional.ofNullable(found);
  }

  private static List<String> cappedDetails(List<String> details) {
    // One more than the cap passes: a job's own cap adds a closing "... and N more" line.
    if (details.size() <= MAX_DETAILS + 1) {
      return details;
    }
    List<String> capped = new ArrayList<>(details.subList(0, MAX_DETAILS));
    capped.add("... and " + (details.size() - MAX_DETAILS) + " more");
    return capped;
  }
}
