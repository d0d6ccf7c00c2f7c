package dev.firn.bench.core;

/**
 * What a measured child process cost as a whole, whichever harness ran it.
 *
 * @param wallSeconds its life, JVM (and Spark) start-up included
 * @param peakRssKilobytes its peak resident set, sampled while it ran, or -1
 * @param heapPeakMegabytes the largest heap occupancy its GC log shows, or -1
 */
public record ProcessFigures(double wallSeconds, long peakRssKilobytes, long heapPeakMegabytes) {
  double peakRssMegabytes() {
    return peakRssKilobytes < 0 ? -1 : peakRssKilobytes / 1024.0;
  }
}
