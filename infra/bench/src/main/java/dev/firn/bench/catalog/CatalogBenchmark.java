package dev.firn.bench.catalog;

import dev.firn.bench.core.BenchFolders;
import dev.firn.bench.core.FirnLaunch;
import dev.firn.bench.core.Harness;
import dev.firn.bench.core.HarnessRun;
import dev.firn.bench.core.LaunchedServer;
import dev.firn.bench.core.MemoryPeak;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.ServerProcess;
import dev.firn.bench.core.Side;
import dev.firn.bench.core.Versions;
import dev.firn.s3.EmbeddedS3;
import dev.firn.testing.S3Endpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.IcebergBuild;

/**
 * Measures Firn's REST catalog against Iceberg's reference REST server on the same machine, the
 * same S3 endpoint and the same tables: loadTable throughput and latency, and commit throughput and
 * latency under one and several writers, with the servers' logs in the run's folder. Prints a
 * Markdown report and writes it to {@code target/catalog-benchmark.md}; on its own it works in
 * {@code target/bench-run}. It reports; it does not judge.
 */
public record CatalogBenchmark(BenchSettings settings, HarnessRun run) implements Harness {
  static final String BUCKET = "bench";

  public static void main(String[] args) throws Exception {
    Harness.main(args, "bench", BenchSettings::parse, CatalogBenchmark::new);
  }

  @Override
  public Path logs() {
    return run.folder();
  }

  /**
   * Starts both servers, runs the loadTable scenarios (none when the settings list no load threads)
   * and the commit scenarios, and stops the servers.
   */
  @Override
  public MarkdownReport report() throws IOException, InterruptedException {
    Path work = BenchFolders.freshDirectory(run.folder());
    PrintStream progress = run.progress();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    ServerJvm jvm = ServerJvm.defaults();
    List<ServerProcess> servers = new ArrayList<>();
    // Children must not outlive an interrupted run.
    Thread stopServers = new Thread(() -> servers.forEach(ServerProcess::close));
    Runtime.getRuntime().addShutdownHook(stopServers);
    // Only the commit scenarios run Firn on PostgreSQL.
    PostgresSide postgres =
        settings.writers().isEmpty() ? null : PostgresSide.skipped("no commit scenario ran");
    try (EmbeddedS3 s3 = EmbeddedS3.builder().bucket(BUCKET).start()) {
      S3Endpoint storage = S3Endpoint.of(s3);
      progress.println("Starting Firn and the reference server...");
      LaunchedServer firn = FirnLaunch.start(storage, work, jvm);
      servers.add(firn.process());
      LaunchedServer reference = ReferenceLaunch.start(storage, work, jvm, run.reference(), http);
      servers.add(reference.process());

      Map<Side, CatalogEndpoint> endpoints = new EnumMap<>(Side.class);
      endpoints.put(
          Side.FIRN,
          CatalogEndpoint.discover(
              Side.FIRN, firn.uri(), http, storage.icebergProperties(), firn.credential()));
      endpoints.put(
          Side.REFERENCE,
          CatalogEndpoint.discover(
              Side.REFERENCE, reference.uri(), http, storage.icebergProperties(), null));
      if (postgres != null) {
        postgres = startPostgresSide(storage, jvm, http, servers, endpoints);
      }

      try (WarehouseObjects objects = new WarehouseObjects(storage)) {
        Measurements measurements =
            new Measurements(settings, endpoints, http, objects, progress, new ArrayList<>());
        measurements.createNamespaces();
        Map<Side, LoadedTable> loadedTables =
            settings.loadThreads().isEmpty() ? Map.of() : measurements.createLoadedTables();
        List<ScenarioResult> results = new ArrayList<>();
        for (boolean conditional : List.of(false, true)) {
          for (int threads : settings.loadThreads()) {
            results.add(measurements.load(new LoadScenario(threads, conditional)));
          }
        }
        for (CommitScenario scenario : settings.commitScenarios()) {
          results.add(measurements.commits(scenario));
        }

        Map<Side, MemoryPeak> memory = new EnumMap<>(Side.class);
        for (ServerProcess server : servers) {
          if (!server.isAlive()) {
            measurements.addWarning(
                "the "
                    + server.side().label()
                    + " server died during the run; see "
                    + server.log());
          }
          memory.put(server.side(), server.memoryPeak());
        }
        return new MarkdownReport(
            run.stamp(),
            settings,
            new Versions(
                BenchFolders.versionOf(CatalogBenchmark.class),
                IcebergBuild.version(),
                run.reference().icebergVersion()),
            jvm,
            loadedTables,
            results,
            memory,
            List.copyOf(measurements.warnings()),
            postgres == null ? null : postgres.description());
      }
    } finally {
      servers.forEach(ServerProcess::close);
      if (postgres != null) {
        postgres.close();
      }
      Runtime.getRuntime().removeShutdownHook(stopServers);
    }
  }

  /**
   * Starts PostgreSQL and Firn on it, adding its endpoint; when either does not start, the side is
   * skipped with the reason, and the run goes on with the other two.
   */
  private PostgresSide startPostgresSide(
      S3Endpoint storage,
      ServerJvm jvm,
      HttpClient http,
      List<ServerProcess> servers,
      Map<Side, CatalogEndpoint> endpoints) {
    PrintStream progress = run.progress();
    progress.println("Starting PostgreSQL and Firn on it...");
    PostgresSide postgres = PostgresSide.start();
    if (!postgres.running()) {
      progress.println("WARNING: Firn on PostgreSQL " + postgres.description());
      return postgres;
    }
    try {
      LaunchedServer server =
          FirnLaunch.start(Side.FIRN_POSTGRES, storage, run.folder(), jvm, postgres.endpoint());
      servers.add(server.process());
      endpoints.put(
          Side.FIRN_POSTGRES,
          CatalogEndpoint.discover(
              Side.FIRN_POSTGRES,
              server.uri(),
              http,
              storage.icebergProperties(),
              server.credential()));
      return postgres;
    } catch (RuntimeException e) {
      postgres.close();
      PostgresSide skipped = PostgresSide.skipped("Firn did not start on PostgreSQL: " + e);
      progress.println("WARNING: Firn on PostgreSQL " + skipped.description());
      return skipped;
    }
  }
}
