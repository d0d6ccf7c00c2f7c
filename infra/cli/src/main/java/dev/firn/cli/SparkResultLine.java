package dev.firn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The line of JSON the Spark engine's {@code SparkJobRun} prints at the end of a job: a whole job
 * result and how long Spark took to start. The Spark module writes it ({@code ResultLine} in {@code
 * maintenance/spark}, which documents the fields) and {@code firn serve} reads it here; the firn
 * command cannot load the Spark module's classes, which live on Spark's own classpath.
 *
 * @param result what the job did
 * @param startupMillis how long the SparkSession took to start
 */
record SparkResultLine(JobResult result, long startupMillis) {
  /** How every result line starts, among the log lines around it. */
  static final String PREFIX = "{\"engine\":\"spark\"";

  private static final ObjectMapper JSON = new ObjectMapper();

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

  /**
   * Reads a result line.
   *
   * @throws IllegalArgumentException when it is not one
   */
  static SparkResultLine parse(String line) {
    if (!line.startsWith(PREFIX)) {
      throw new IllegalArgumentException("Not a Spark result line");
    }
    try {
      return read(JSON.readTree(line));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("Unreadable Spark result line: " + e.getMessage(), e);
    }
  }

  private static SparkResultLine read(JsonNode node) {
    Map<Measure, Long> counts = new EnumMap<>(Measure.class);
    for (Measure measure : Measure.values()) {
      // Labels this version does not know are passed over.
      JsonNode count = node.path("counts").path(measure.label());
      if (count.isNumber()) {
        counts.put(measure, count.asLong());
      }
    }
    List<Long> snapshotIds = new ArrayList<>();
    node.path("snapshot-ids").forEach(id -> snapshotIds.add(id.asLong()));
    List<String> details = new ArrayList<>();
    node.path("details").forEach(detail -> details.add(detail.asText()));
    JobResult result =
        new JobResult(
            node.path("table").asText(),
            JobKind.of(node.path("job").asText()),
            node.path("dry-run").asBoolean(),
            Instant.parse(node.path("started").asText()),
            Duration.ofMillis(node.path("duration-ms").asLong()),
            counts,
            snapshotIds,
            details,
            node.path("error").isTextual() ? node.path("error").asText() : null);
    return new SparkResultLine(result, node.path("startup-ms").asLong());
  }
}
