/**
 * Firn's maintenance jobs run through Iceberg's Spark actions, for tables that outgrow one machine.
 * Spark brings its own classpath, which is why this is a module of its own; the jobs return the
 * same {@link dev.firn.maintenance.JobResult} as Firn's own engine and read the same policies.
 * {@code firn serve} runs them in a child JVM through {@link
 * dev.firn.maintenance.spark.SparkJobRun}, which prints the result as a {@link
 * dev.firn.maintenance.engine.SparkResultLine}.
 */
package dev.firn.maintenance.spark;
