package dev.firn.bench.catalog;

import dev.firn.bench.core.Alternation;
import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.Side;
import dev.firn.bench.core.Summary;
import dev.firn.bench.core.TableVariant;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * The benchmark's work on both catalogs: building the loaded table, then each scenario in
 * alternating repetitions, summarized as figures with the counts and checks behind them.
 *
 * @param warnings what went wrong so far, in words; the run adds to it
 */
record Measurements(
    BenchSettings settings,
    Map<Side, CatalogEndpoint> endpoints,
    HttpClient http,
    WarehouseObjects objects,
    PrintStream progress,
    List<String> warnings) {

  /** Creates the benchmark's namespace on every side, where it is missing. */
  void createNamespaces() {
    for (Side side : endpoints.keySet()) {
      try (RESTCatalog catalog = endpoints.get(side).connect("bench-setup")) {
        BenchTables.createNamespace(catalog);
      } catch (IOException e) {
        // Closing a client only releases its connections.
      }
    }
  }

  /**
   * Writes the loaded table once, under Firn's warehouse, and registers that one metadata file on
   * both sides, so both serve the same table.
   */
  Map<Side, LoadedTable> createLoadedTables() throws IOException, InterruptedException {
    long start = System.nanoTime();
    String metadata;
    try (RESTCatalog catalog = endpoints.get(Side.FIRN).connect("bench-setup")) {
      BenchTables.createNamespace(catalog);
      metadata = BenchTables.writeLoadedTable(catalog, settings.snapshots());
    }
    long writeMillis = (System.nanoTime() - start) / 1_000_000;
    progress.printf(
        "wrote %s with %d snapshots in %d ms%n",
        BenchTables.LOADED_TABLE, settings.snapshots(), writeMillis);
    Map<Side, LoadedTable> tables = new EnumMap<>(Side.class);
    for (Side side : Alternation.FIRN_AND_REFERENCE) {
      CatalogEndpoint endpoint = endpoints.get(side);
      long registered = System.nanoTime();
      int snapshots;
      try (RESTCatalog catalog = endpoint.connect("bench-setup")) {
        BenchTables.createNamespace(catalog);
        snapshots = BenchTables.registerLoadedTable(catalog, metadata);
      }
      long millis = (System.nanoTime() - registered) / 1_000_000;
      LoadScenario.FirstLoad first =
          LoadScenario.firstLoad(http, endpoint, BenchTables.LOADED_TABLE);
      tables.put(
          side,
          new LoadedTable(snapshots, writeMillis, millis, first.bytes(), first.etag() != null));
      progress.printf(
          "%s: registered %s with %d snapshots in %d ms%n",
          side.label(), BenchTables.LOADED_TABLE, snapshots, millis);
      if (snapshots != settings.snapshots()) {
        warn(
            "the %s server's loaded table has %d snapshots, expected %d",
            side.label(), snapshots, settings.snapshots());
      }
    }
    return tables;
  }

  ScenarioResult load(LoadScenario scenario) {
    Map<Side, List<LoadRun>> runs =
        Alternation.run(
            settings.repetitions(),
            (side, index) -> {
              LoadRun run =
                  scenario.run(
                      http,
                      endpoints.get(side),
                      BenchTables.LOADED_TABLE,
                      settings.window(),
                      settings.maxRequests());
              report(scenario.title(), side, index, run.requestsPerSecond(), "requests/s");
              if (run.errors() > 0) {
                warn(
                    "%s, %s repetition %d: %d of %d requests failed",
                    scenario.title(), side.label(), index, run.errors(), run.requests());
              }
              return run;
            });
    List<FigureRow> rows =
        List.of(
            row("requests/s", runs, LoadRun::requestsPerSecond),
            row("latency p50, ms", runs, run -> run.latencies().percentileMillis(50)),
            row("latency p99, ms", runs, run -> run.latencies().percentileMillis(99)));
    List<String> notes = new ArrayList<>();
    for (Side side : Alternation.FIRN_AND_REFERENCE) {
      List<LoadRun> sideRuns = runs.get(side);
      long requests = sideRuns.stream().mapToLong(LoadRun::requests).sum();
      long errors = sideRuns.stream().mapToLong(LoadRun::errors).sum();
      long notModified = sideRuns.stream().mapToLong(LoadRun::notModified).sum();
      String note =
          String.format(Locale.ROOT, "%s: %d requests, %d failed", side.label(), requests, errors);
      if (scenario.conditional()) {
        note += String.format(Locale.ROOT, ", %d answered 304 Not Modified", notModified);
      }
      notes.add(note + ".");
    }
    return new ScenarioResult(scenario.title(), rows, notes);
  }

  /** Commits on every side: Firn on SQLite, the reference, and Firn on PostgreSQL if it runs. */
  ScenarioResult commits(CommitScenario scenario) {
    // Tables kept for every repetition, per side, when the scenario does not make fresh ones.
    // They are not dropped afterwards: the run's servers and storage go away with it, and
    // dropping them would cost as much as creating them.
    Map<Side, List<CommitScenario.Created>> kept = new EnumMap<>(Side.class);
    Map<Side, List<CommitRun>> runs = alternateCommits(scenario, kept);
    List<FigureRow> rows =
        List.of(
            row("commits/s", runs, CommitRun::commitsPerSecond),
            row("latency p50, ms", runs, run -> run.latencies().percentileMillis(50)),
            row("latency p99, ms", runs, run -> run.latencies().percentileMillis(99)));
    List<String> notes = new ArrayList<>();
    for (Side side : runs.keySet()) {
      notes.add(commitNote(side, runs.get(side)));
    }
    return new ScenarioResult(
        scenario.title(), TableVariant.commits(scenario.writers(), scenario.tables()), rows, notes);
  }

  private Map<Side, List<CommitRun>> alternateCommits(
      CommitScenario scenario, Map<Side, List<CommitScenario.Created>> kept) {
    return Alternation.run(
        List.copyOf(endpoints.keySet()),
        settings.repetitions(),
        (side, index) -> {
          CatalogEndpoint endpoint = endpoints.get(side);
          CommitRun run =
              scenario.freshTables()
                  ? scenario.run(
                      endpoint,
                      scenario.tableName(index),
                      settings.window(),
                      settings.maxCommits(),
                      objects)
                  : scenario.measure(
                      endpoint,
                      kept.computeIfAbsent(
                          side, s -> scenario.create(endpoint, scenario.tableName(0))),
                      settings.window(),
                      settings.maxCommits());
          report(scenario.title(), side, index, run.commitsPerSecond(), "commits/s");
          if (!run.snapshotsMatch()) {
            warn(
                "%s, %s repetition %d: %d acknowledged commits but %d new snapshots in the tables",
                scenario.title(), side.label(), index, run.acknowledged(), run.snapshotsAfter());
          }
          return run;
        });
  }

  private static String commitNote(Side side, List<CommitRun> runs) {
    long acknowledged = runs.stream().mapToLong(CommitRun::acknowledged).sum();
    Map<String, Long> failures = new TreeMap<>();
    runs.forEach(
        run -> run.failures().forEach((type, count) -> failures.merge(type, count, Long::sum)));
    long mismatched = runs.stream().filter(run -> !run.snapshotsMatch()).count();
    return String.format(
        Locale.ROOT,
        "%s: %d commits acknowledged, %s; new snapshots %s.",
        side.label(),
        acknowledged,
        failures.isEmpty() ? "none failed" : "failed: " + failures,
        mismatched == 0
            ? "equal acknowledged commits in every repetition"
            : "differ from acknowledged commits in " + mismatched + " repetitions (WARNING)");
  }

  /** A figure of Firn on SQLite against the reference, with every further side that ran. */
  private static <R> FigureRow row(
      String figure, Map<Side, List<R>> runs, ToDoubleFunction<R> value) {
    Map<String, Summary> others = new LinkedHashMap<>();
    runs.forEach(
        (side, sideRuns) -> {
          if (!Alternation.FIRN_AND_REFERENCE.contains(side)) {
            others.put(side.label(), summary(sideRuns, value));
          }
        });
    return new FigureRow(
        figure,
        summary(runs.get(Side.FIRN), value),
        summary(runs.get(Side.REFERENCE), value),
        others);
  }

  private static <R> Summary summary(List<R> runs, ToDoubleFunction<R> value) {
    return Summary.of(runs.stream().map(value::applyAsDouble).toList());
  }

  private void report(String scenario, Side side, int index, double perSecond, String unit) {
    progress.printf(
        Locale.ROOT,
        "%s: %s %s: %.1f %s%n",
        scenario,
        side.label(),
        index == 0 ? "warm-up" : "repetition " + index + "/" + settings.repetitions(),
        perSecond,
        unit);
  }

  private void warn(String format, Object... args) {
    String warning = String.format(Locale.ROOT, format, args);
    warnings.add(warning);
    progress.println("WARNING: " + warning);
  }

  /** Adds a warning found outside the scenarios, e.g. a server that died. */
  void addWarning(String warning) {
    warn("%s", warning);
  }
}
