package dev.firn.bench.compaction;

import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A table of small files made for the compaction benchmark, as generated.
 *
 * @param id the table
 * @param snapshotId the snapshot holding the generated files, which each run starts from
 * @param files data files
 * @param bytes their total size
 * @param rows rows in them
 * @param partitions partitions they fall into
 */
record GeneratedTable(
    TableIdentifier id, long snapshotId, int files, long bytes, long rows, int partitions) {}
