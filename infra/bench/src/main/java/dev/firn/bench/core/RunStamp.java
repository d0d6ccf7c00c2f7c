package dev.firn.bench.core;

import java.time.Duration;
import java.time.Instant;

/**
 * When a run began, by the wall clock, how long it took, by the monotonic clock, and the machine it
 * ran on: what every report says about its run.
 */
public record RunStamp(Instant started, Duration took, MachineInfo machine) {}
