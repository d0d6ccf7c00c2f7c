/**
 * Which engine runs a maintenance job: Firn's own jobs in process, or the Spark engine in a child
 * JVM for tables too large for one machine. {@link dev.firn.maintenance.engine.EngineRouter}
 * chooses by table size; {@link dev.firn.maintenance.engine.SparkJobProcess} runs the child and
 * reads its {@link dev.firn.maintenance.engine.SparkResultLine}.
 */
package dev.firn.maintenance.engine;
