package dev.firn.bench;

import dev.firn.bench.core.MachineInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of {@link Benchmarks} measured, ready to be written out.
 *
 * @param started when the run began
 * @param took how long it ran
 * @param quick whether it ran with {@code --quick}
 * @param machine the machine and Java
 * @param software each piece of software under comparison and its version, in order
 * @param sections each scenario's results, in scenario order
 * @param timings how long each harness ran, in order
 * @param load the machine's load averages at the start and at the end
 */
record SuiteRun(
    Instant started,
    Duration took,
    boolean quick,
    MachineInfo machine,
    Map<String, String> software,
    List<SuiteSection> sections,
    Map<String, Duration> timings,
    List<String> load) {
  SuiteRun {
    software = new LinkedHashMap<>(software);
    sections = List.copyOf(sections);
    timings = new LinkedHashMap<>(timings);
    load = List.copyOf(load);
  }
}
