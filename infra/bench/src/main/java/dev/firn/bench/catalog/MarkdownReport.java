package dev.firn.bench.catalog;

import dev.firn.bench.core.FirnLaunch;
import dev.firn.bench.core.Harness;
import dev.firn.bench.core.Markdown;
import dev.firn.bench.core.MemoryPeak;
import dev.firn.bench.core.RunStamp;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.Side;
import dev.firn.bench.core.Versions;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's results as Markdown: what ran where, one table per scenario, and the servers'
 * memory.
 *
 * @param stamp when the run began, how long it ran, and the machine and Java
 * @param settings the run's parameters
 * @param versions the software under comparison
 * @param jvm the servers' Java options
 * @param loadedTables the loadTable scenarios' table on each side
 * @param scenarios each scenario's figures
 * @param memory each server's memory peaks
 * @param warnings what went wrong, if anything
 * @param postgres the PostgreSQL under Firn's third side, or why that side was skipped; null when
 *     no commit scenario ran
 */
public record MarkdownReport(
    RunStamp stamp,
    BenchSettings settings,
    Versions versions,
    ServerJvm jvm,
    Map<Side, LoadedTable> loadedTables,
    List<ScenarioResult> scenarios,
    Map<Side, MemoryPeak> memory,
    List<String> warnings,
    String postgres)
    implements Harness.Report {

  @Override
  public String render() {
    StringBuilder out =
        Markdown.heading(
            "Catalog benchmark: Firn and Iceberg's reference REST server", stamp, settings.quick());
    setup(out);
    out.append(
        "Each ratio is Firn's median divided by the reference server's median. Above 1, Firn's"
            + " figure is the higher one: for requests/s and commits/s Firn does more per second,"
            + " for latencies Firn takes longer. Below 1, the reverse.\n\n");
    for (ScenarioResult scenario : scenarios) {
      scenario(out, scenario);
    }
    memory(out);
    out.append("## Warnings\n\n");
    if (warnings.isEmpty()) {
      out.append("None.\n");
    } else {
      Markdown.warnings(out, warnings);
    }
    return out.toString();
  }

  private void setup(StringBuilder out) {
    LoadedTable firnTable = loadedTables.get(Side.FIRN);
    LoadedTable referenceTable = loadedTables.get(Side.REFERENCE);
    Markdown.setup(out, stamp.machine());
    Markdown.row(out, "Java", stamp.machine().java());
    Markdown.row(
        out,
        "Harness JVM",
        "max heap "
            + stamp.machine().harnessMaxHeapMegabytes()
            + " MB; runs the clients and the embedded S3 server (S3Proxy, objects in memory)"
            + " on 127.0.0.1, shared by both catalogs");
    Markdown.row(
        out,
        "Firn",
        "firn-catalog "
            + versions.firn()
            + " on Iceberg "
            + versions.firnIceberg()
            + "; SQLite file (WAL, synchronous=FULL); warehouse s3://bench/"
            + FirnLaunch.WAREHOUSE_PATH);
    Markdown.row(
        out,
        "Reference",
        "RESTCatalogServer from iceberg-open-api "
            + versions.referenceIceberg()
            + " test fixtures: JdbcCatalog on Iceberg "
            + versions.referenceIceberg()
            + ", SQLite file (`"
            + ReferenceLaunch.SQLITE_OPTIONS
            + "`), default JDBC pool; warehouse s3://bench/"
            + ReferenceLaunch.WAREHOUSE_PATH
            + "; binds all interfaces (it takes no host setting), reached on 127.0.0.1 only");
    if (postgres != null) {
      Markdown.row(out, "Firn on PostgreSQL", "commit scenarios only: " + postgres);
    }
    Markdown.row(
        out,
        "Server JVMs",
        "each in its own process: `" + jvm.describe() + "`, logging warnings only");
    Markdown.row(
        out,
        "Loaded table",
        String.format(
            Locale.ROOT,
            "`%s`, %d snapshots requested (Firn %d, reference %d); written once under Firn's"
                + " warehouse in %.1f s and registered on both sides (%.1f s on Firn, %.1f s on"
                + " the reference), so both serve the same metadata file; this is setup, not a"
                + " measured figure; a full loadTable response is %d bytes (Firn) and %d bytes"
                + " (reference)",
            BenchTables.LOADED_TABLE,
            settings.snapshots(),
            firnTable.snapshots(),
            referenceTable.snapshots(),
            firnTable.writeMillis() / 1000.0,
            firnTable.registerMillis() / 1000.0,
            referenceTable.registerMillis() / 1000.0,
            firnTable.responseBytes(),
            referenceTable.responseBytes()));
    Markdown.row(
        out,
        "Repetitions",
        String.format(
            Locale.ROOT,
            "1 warm-up and %d measured per side and scenario, alternating Firn and reference;"
                + " each runs %s (loadTable) or %s (commits), at most %d requests or %d commits",
            settings.repetitions(),
            BenchSettings.describe(settings.window()),
            BenchSettings.describe(settings.commitWindow()),
            settings.maxRequests(),
            settings.maxCommits()));
    Markdown.row(
        out,
        "Load requests",
        "plain `GET` of the loadTable route with java.net.http, one request in flight per"
            + " thread; latency is from send to the last byte of the body");
    Markdown.row(
        out,
        "Commits",
        "Iceberg "
            + versions.firnIceberg()
            + " `RESTCatalog` per writer, `newFastAppend()` of one fake data file per commit, on a"
            + " fresh table per repetition (`commit.retry.num-retries=100`, min wait 5 ms, max"
            + " 200 ms); latency includes the client's table refresh and retries. After each commit"
            + " the client also posts a commit report in the background: Firn stores it, the"
            + " reference discards it");
    out.append('\n');
  }

  private static void scenario(StringBuilder out, ScenarioResult scenario) {
    out.append("## ").append(scenario.title()).append("\n\n");
    Markdown.figures(out, "reference", List.of(), scenario.rows());
    out.append('\n');
    scenario.notes().forEach(note -> out.append(note).append("  \n"));
    out.append('\n');
  }

  private void memory(StringBuilder out) {
    MemoryPeak firn = memory.get(Side.FIRN);
    MemoryPeak reference = memory.get(Side.REFERENCE);
    out.append("## Server memory over the whole run\n\n");
    out.append("| figure | Firn | reference |\n|---|--:|--:|\n");
    out.append(
        String.format(
            Locale.ROOT,
            "| peak resident set (VmHWM), MB | %s | %s |%n",
            megabytes(firn.rssKilobytes() < 0 ? -1 : firn.rssKilobytes() / 1024),
            megabytes(reference.rssKilobytes() < 0 ? -1 : reference.rssKilobytes() / 1024)));
    out.append(
        String.format(
            Locale.ROOT,
            "| peak heap in use (largest before a GC), MB | %s | %s |%n",
            megabytes(firn.heapUsedMegabytes()),
            megabytes(reference.heapUsedMegabytes())));
    out.append(
        String.format(
            Locale.ROOT,
            "| largest committed heap, MB | %s | %s |%n%n",
            megabytes(firn.heapCommittedMegabytes()),
            megabytes(reference.heapCommittedMegabytes())));
  }

  private static String megabytes(long value) {
    return value < 0 ? "n/a" : Long.toString(value);
  }

  @Override
  public String file() {
    return "catalog-benchmark.md";
  }
}
