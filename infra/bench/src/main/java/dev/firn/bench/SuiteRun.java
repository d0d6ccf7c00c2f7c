package dev.firn.bench;

import dev.firn.bench.core.Harness;
import dev.firn.bench.core.RunStamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of {@link Benchmarks} measured, ready to be written out; as a report, it prints
 * nothing, since the suite writes its document itself.
 *
 * @param stamp when the run began, how long it took, and the machine and Java
 * @param quick whether it ran with {@code --quick}
 * @param software each piece of software under comparison and its version, in order
 * @param sections each scenario's results, in scenario order
 * @param timings how long each harness ran, in order
 * @param load the machine's load averages at the start and at the end
 */
record SuiteRun(
    RunStamp stamp,
    boolean quick,
    Map<String, String> software,
    List<SuiteSection> sections,
    Map<String, Duration> timings,
    List<String> load)
    implements Harness.Report {
  SuiteRun {
    software = new LinkedHashMap<>(software);
    sections = List.copyOf(sections);
    timings = new LinkedHashMap<>(timings);
    load = List.copyOf(load);
  }
}
