/**
 * Firn's writer: loads files and records into zone tables as idempotent Iceberg snapshot commits,
 * through any Iceberg catalog (in practice Firn's REST catalog), and publishes audited branches.
 *
 * <p>This package is the writer's API: {@link dev.firn.writer.TableWriter} hands out an {@link
 * dev.firn.writer.Ingest} (configure, {@code apply()} for an {@link dev.firn.writer.IngestPlan},
 * {@code commit()} for an {@link dev.firn.writer.IngestResult}) and a {@link
 * dev.firn.writer.Publish} (an {@link dev.firn.writer.Audit} of a branch); the options a load takes
 * ({@link dev.firn.writer.WriteMode}, {@link dev.firn.writer.SchemaMode}, {@link
 * dev.firn.writer.BadRowPolicy}, {@link dev.firn.writer.BadRowLimit}, {@link
 * dev.firn.writer.DeadLetters}, {@link dev.firn.writer.BranchChecks}) and what it reports. Inputs
 * and their options are in {@link dev.firn.writer.input}. The subpackages {@code load}, {@code
 * commit} and {@code schema} are internal: not part of the writer's API.
 */
package dev.firn.writer;
