package dev.firn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.cli.MaintainSummary.Outcome;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.JobResultJson;
import dev.firn.writer.Audit;
import dev.firn.writer.IngestResult;
import dev.firn.writer.SchemaChange;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON object {@code --json} prints on standard output, for orchestrators: {@code status}
 * ({@code ok} or {@code failed}), {@code exitCode}, and what the command did.
 */
final class JsonResult {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonResult() {}

  static Map<String, Object> of(IngestResult result) {
    Map<String, Object> json = ok();
    IngestResult.Batch batch = result.batch();
    json.put("table", batch.table());
    json.put("batchId", batch.id());
    json.put("mode", batch.mode().label());
    json.put("branch", batch.branch());
    json.put("snapshotId", result.snapshotId());
    json.put("alreadyCommitted", result.alreadyCommitted());
    IngestResult.Written written = result.written();
    json.put("rows", written.rows());
    json.put("dataFiles", written.dataFiles());
    json.put("deleteFiles", written.deleteFiles());
    json.put("bytesRead", result.bytesRead());
    json.put("bytesWritten", written.bytes());
    json.put("replacedRows", result.replaced().rows());
    json.put("replacedFiles", result.replaced().dataFiles());
    json.put(
        "schemaChanges", result.changes().schema().stream().map(SchemaChange::toString).toList());
    json.put("specChanged", result.changes().newSpec());
    IngestResult.Rejected rejected = result.rejected();
    json.put("rejectedRows", rejected.rows());
    json.put("rejectedTo", rejected.to());
    json.put("rejectedSample", rejected.sample());
    json.put("notes", result.notes());
    json.put("durationMs", result.duration().toMillis());
    return json;
  }

  static Map<String, Object> of(Audit audit, boolean published) {
    Map<String, Object> json = audit.passed() ? ok() : failed(ExitCode.REJECTED_INPUT, null);
    json.put("branch", audit.branch());
    json.put("snapshotId", audit.snapshotId());
    json.put("rows", audit.rows());
    json.put("changes", audit.changes());
    json.put("addedRows", audit.addedRows());
    json.put("failures", audit.failures());
    json.put("published", published);
    json.put("mainSnapshotId", audit.publishedSnapshotId());
    return json;
  }

  static Map<String, Object> of(List<Outcome> outcomes, boolean dryRun, int exitCode) {
    Map<String, Object> json = exitCode == ExitCode.OK ? ok() : failed(exitCode, null);
    json.put("dryRun", dryRun);
    json.put(
        "jobs",
        outcomes.stream()
            .map(
                outcome -> {
                  JobResult result = outcome.result();
                  Map<String, Object> job = new LinkedHashMap<>();
                  job.put("table", outcome.table());
                  job.put("job", result.kind().label());
                  job.put("succeeded", result.succeeded());
                  job.put("error", result.error());
                  job.put("counts", JobResultJson.countsByLabel(result.counts()));
                  job.put("snapshotIds", result.snapshotIds());
                  job.put("durationMs", result.duration().toMillis());
                  return job;
                })
            .toList());
    return json;
  }

  static Map<String, Object> failed(int exitCode, String error) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", "failed");
    json.put("exitCode", exitCode);
    if (error != null) {
      json.put("error", error);
    }
    return json;
  }

  static void print(PrintWriter out, Map<String, Object> json) {
    try {
      out.println(JSON.writeValueAsString(json));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the result as JSON", e);
    }
  }

  private static Map<String, Object> ok() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", "ok");
    json.put("exitCode", ExitCode.OK);
    return json;
  }
}
