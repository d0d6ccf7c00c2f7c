package dev.firn.bench.expiry;

import dev.firn.bench.core.ChildJvms;
import dev.firn.bench.core.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The expiry and orphan listing section a run gives the suite: a table per job. */
public final class ExpirySection {
  private ExpirySection() {}

  public static Section of(ExpiryReport report) {
    ExpirySettings settings = report.settings();
    HistoryTable table = report.table();
    List<String> setup = new ArrayList<>();
    setup.add(
        String.format(
            Locale.ROOT,
            "a generated streaming table: %,d snapshots, each adding %d data files in a partition"
                + " of its own and, from snapshot %d on, overwriting the oldest of the %d"
                + " partitions it keeps; %,d data files in all, %,d live; %,d orphans planted next to the"
                + " data files; %,d objects under its location%s",
            table.snapshots(),
            settings.filesPerSnapshot(),
            ExpirySettings.LIVE_BATCHES + 1,
            ExpirySettings.LIVE_BATCHES,
            table.dataFiles(),
            table.liveFiles(),
            table.orphans(),
            table.objects(),
            settings.reduced()
                ? String.format(
                    Locale.ROOT,
                    " (the plan asks for %,d snapshots and %,d files: listing on the embedded S3"
                        + " store walks the prefix's folder again for every page of 1,000 keys,"
                        + " and on the shared two-core machine each generator commit and each"
                        + " Spark job are slow, so that table would take far longer than the"
                        + " scenario's few minutes; `ExpiryBenchmark --snapshots N --files M`"
                        + " runs any size)",
                    ExpirySettings.PLAN_SNAPSHOTS,
                    ExpirySettings.PLAN_FILES)
                : ""));
    setup.add(
        String.format(
            Locale.ROOT,
            "snapshots committed with Iceberg's own append and overwrite operations, metadata"
                + " only, in memory, then the last version written once and registered in Firn's"
                + " catalog (%.1f s); data files and orphans are %d-byte placeholder objects, not"
                + " Parquet (neither job reads data files), written straight into the embedded"
                + " S3 store's folder, which serves them like objects put through it",
            table.generationSeconds(),
            HistoryTableWriter.PLACEHOLDER_BYTES));
    setup.add(
        "like for like: expiry removes the oldest snapshots older than one cutoff (Firn's"
            + " `SnapshotExpiry.commit()` with its clock at the cutoff plus the policy's max age;"
            + " Spark's `expireSnapshots().expireOlderThan(cutoff).retainLast(1)`), both with a"
            + " deleter that deletes nothing: each commits the snapshots' removal and works out"
            + " the files to delete. Every expiry runs on a fresh copy: the table's manifest"
            + " lists, manifests and data files copied under a location of its own and rewritten"
            + " to name the copies, with a new metadata file, registered under its own name");
    setup.add(
        "orphan listing finds files older than one cutoff, the end of generation (Firn's"
            + " `OrphanSweep.apply()`, a dry run, with its clock at the cutoff plus the policy's"
            + " min age; Spark's `deleteOrphanFiles().olderThan(cutoff)` with prefix listing and"
            + " a deleter that deletes nothing); both list through the table's `S3FileIO`");
    setup.add(
        String.format(
            Locale.ROOT,
            "each run a fresh JVM (`%s`; Spark `local[%d]` with `"
                + MaintenanceLauncher.SHUFFLE_PARTITIONS
                + "` plus its `--add-opens` options) that lists orphans, then expires a fresh"
                + " copy, one after the other, so the process rows (wall time and memory) are"
                + " the same in both tables; %s%d measured run(s) per engine, the order"
                + " alternating; job time is timed around the job's call alone, after the catalog"
                + " connection and table load (and, for the first job, SparkSession's start-up)",
            report.jvm().describe(),
            ChildJvms.SPARK_THREADS,
            settings.warmUp() ? "1 warm-up run each (left out), then " : "",
            settings.repetitions()));
    List<String> warnings = new ArrayList<>(report.warnings());
    warnings.addAll(report.failures());
    return new Section(
        setup,
        List.of(report.result(MaintenanceJob.EXPIRY), report.result(MaintenanceJob.ORPHANS)),
        warnings);
  }
}
