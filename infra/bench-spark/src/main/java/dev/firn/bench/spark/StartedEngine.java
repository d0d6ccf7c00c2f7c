package dev.firn.bench.spark;

import dev.firn.maintenance.spark.SparkEngine;
import dev.firn.maintenance.spark.SparkEngineConfig;

/**
 * A started Spark engine and how long its SparkSession took to start. Closing it stops Spark; a
 * failure to stop is reported and passed over, since the jobs' results stand.
 */
record StartedEngine(SparkEngine engine, long startupMillis) implements AutoCloseable {
  static StartedEngine start(SparkEngineConfig config) {
    long starting = System.nanoTime();
    SparkEngine engine = SparkEngine.start(config);
    engine.spark().sparkContext().setLogLevel("WARN");
    return new StartedEngine(engine, ResultLines.millisSince(starting));
  }

  @Override
  public void close() {
    try {
      engine.close();
    } catch (RuntimeException e) {
      System.err.println("Stopping Spark failed: " + e);
    }
  }
}
