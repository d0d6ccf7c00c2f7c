package dev.firn.bench.soak;

import dev.firn.s3.EmbeddedS3;
import dev.firn.testing.FirnProcess;
import dev.firn.testing.LocalPostgres;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.TableRows;
import dev.firn.testing.TcpBalancer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/**
 * A soak of three {@code firn serve} nodes on one PostgreSQL and one S3 store, behind a load
 * balancer: writers append, readers scan, the nodes' scheduler compacts and expires, and one node
 * is killed (-9) and started again every few minutes, for as long as asked (30 minutes by default).
 * Every minute it records the commits acknowledged and, for each node, heap in use, resident
 * memory, live threads, open files and database connections, read from the node's own metrics. At
 * the end it checks every acknowledged row is in its table once, and writes a Markdown report.
 *
 * <pre>{@code
 * ./mvnw -q -pl infra/cli -am package -DskipTests
 * ./mvnw -q -Pbench -pl infra/bench -am package -DskipTests
 * java -cp infra/bench/target/firn-bench.jar dev.firn.bench.soak.ClusterSoak --minutes 30
 * }</pre>
 */
public final class ClusterSoak {
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
  private static final Namespace NAMESPACE = Namespace.of("raw", "soak");
  private static final int TABLES = 4;
  private static final int WRITERS = 4;
  private static final int READERS = 2;
  private static final String[] GAUGES = {
    "firn_jvm_heap_used_bytes",
    "firn_process_resident_memory_bytes",
    "firn_jvm_threads_live",
    "firn_process_open_fds",
    "firn_database_connections_active"
  };

  private ClusterSoak() {}

  public static void main(String[] args) throws Exception {
    int minutes = 30;
    int killEveryMinutes = 3;
    Path jar = Paths.get("infra/cli/target/firn-cli.jar");
    Path output = Paths.get("infra/bench/target/soak/report.md");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--minutes" -> minutes = Integer.parseInt(args[++i]);
        case "--kill-every-minutes" -> killEveryMinutes = Integer.parseInt(args[++i]);
        case "--firn-jar" -> jar = Paths.get(args[++i]);
        case "--output" -> output = Paths.get(args[++i]);
        default -> {
          System.err.println(
              "Usage: ClusterSoak [--minutes N] [--kill-every-minutes N] [--firn-jar FILE]"
                  + " [--output FILE]");
          System.exit(2);
        }
      }
    }
    if (!Files.isRegularFile(jar)) {
      System.err.println(
          "No " + jar + ": build it with ./mvnw -q -pl infra/cli -am package -DskipTests");
      System.exit(2);
    }
    Path work = Files.createTempDirectory("firn-soak-");
    Files.createDirectories(output.toAbsolutePath().getParent());
    new ClusterSoak.Run(minutes, killEveryMinutes, jar.toAbsolutePath(), work, output).run();
  }

  private record Sample(
      int minute, long commits, long unknown, long reads, Map<Integer, Map<String, Long>> nodes) {}

  private static final class Run {
    private final int minutes;
    private final int killEveryMinutes;
    private final Path jar;
    private final Path work;
    private final Path output;
    private final Set<Long> acked = ConcurrentHashMap.newKeySet();
    private final Set<Long> unknown = ConcurrentHashMap.newKeySet();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong readFailures = new AtomicLong();
    private final AtomicBoolean working = new AtomicBoolean(true);

    Run(int minutes, int killEveryMinutes, Path jar, Path work, Path output) {
      this.minutes = minutes;
      this.killEveryMinutes = killEveryMinutes;
      this.jar = jar;
      this.work = work;
      this.output = output;
    }

    void run() throws Exception {
      Instant began = Instant.now();
      try (EmbeddedS3 s3 =
              EmbeddedS3.builder().bucket("soak").dataDirectory(work.resolve("s3")).start();
          LocalPostgres postgres = LocalPostgres.start(false)) {
        S3Endpoint storage = S3Endpoint.of(s3);
        PostgresEndpoint database = postgres.endpoint();
        List<FirnProcess> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          Map<String, String> env = new HashMap<>();
          env.put("FIRN_DATA_DIR", work.resolve("node-" + i).toString());
          env.put("FIRN_CATALOG_PORT", String.valueOf(FirnProcess.freePort()));
          env.put("FIRN_CATALOG_MANAGEMENT_PORT", String.valueOf(FirnProcess.freePort()));
          env.put("FIRN_STORAGE_ENDPOINT", s3.endpoint().toString());
          env.put("FIRN_STORAGE_REGION", s3.region());
          env.put("FIRN_STORAGE_ACCESS_KEY_ID", s3.accessKeyId());
          env.put("FIRN_STORAGE_SECRET_ACCESS_KEY", s3.secretAccessKey());
          env.put("FIRN_STORAGE_WAREHOUSE", "s3://soak/lake");
          env.put("FIRN_DATABASE_URL", database.jdbcUrl());
          env.put("FIRN_DATABASE_USER", database.user());
          env.put("FIRN_NODE_LEASE_SECONDS", "10");
          env.put("FIRN_MAINTENANCE_TICK_SECONDS", "5");
          env.put("FIRN_MAINTENANCE_ZONE_RAW_COMPACTION_MIN_SMALL_FILES", "16");
          env.put("FIRN_MAINTENANCE_ZONE_RAW_SNAPSHOT_MAX_AGE", "1h");
          env.put("FIRN_MAINTENANCE_ZONE_RAW_SNAPSHOT_MIN_KEPT", "5");
          nodes.add(
              new FirnProcess(
                  i,
                  List.of(
                      Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                      "-Xmx512m",
                      "-jar",
                      jar.toString(),
                      "serve"),
                  env,
                  work.resolve("node-" + i + ".log")));
        }
        nodes.get(0).start();
        nodes.get(0).awaitReady();
        nodes.get(1).start();
        nodes.get(2).start();
        nodes.get(1).awaitReady();
        nodes.get(2).awaitReady();
        String credential =
            Files.readString(work.resolve("node-0").resolve("root.credential")).trim();
        List<Sample> samples = new ArrayList<>();
        int kills = 0;
        try (TcpBalancer balancer =
                TcpBalancer.start(nodes.stream().map(FirnProcess::catalogPort).toList());
            RESTCatalog admin = client(balancer.port(), credential, storage)) {
          admin.createNamespace(NAMESPACE);
          for (int t = 0; t < TABLES; t++) {
            admin.createTable(TableIdentifier.of(NAMESPACE, "t" + t), SCHEMA);
          }
          ExecutorService workers = Executors.newFixedThreadPool(WRITERS + READERS);
          for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            workers.submit(() -> write(writer, balancer.port(), credential, storage));
          }
          for (int r = 0; r < READERS; r++) {
            int reader = r;
            workers.submit(() -> read(reader, balancer.port(), credential, storage));
          }
          long lastCommits = 0;
          long lastUnknown = 0;
          long lastReads = 0;
          samples.add(sample(0, 0, 0, 0, nodes, credential));
          for (int minute = 1; minute <= minutes; minute++) {
            Thread.sleep(Duration.ofMinutes(1).toMillis());
            if (minute % killEveryMinutes == 0 && minute < minutes) {
              FirnProcess victim = nodes.get(2);
              victim.kill();
              kills++;
              Thread.sleep(1_000);
              victim.startUntilReady();
            }
            long commits = acked.size();
            long unknownNow = unknown.size();
            long readsNow = reads.get();
            samples.add(
                sample(
                    minute,
                    commits - lastCommits,
                    unknownNow - lastUnknown,
                    readsNow - lastReads,
                    nodes,
                    credential));
            System.err.println("Soak minute " + minute + ": " + samples.get(samples.size() - 1));
            lastCommits = commits;
            lastUnknown = unknownNow;
            lastReads = readsNow;
          }
          working.set(false);
          workers.shutdown();
          workers.awaitTermination(2, TimeUnit.MINUTES);
          List<String> violations = check(admin);
          write(report(began, samples, kills, violations));
        } finally {
          for (FirnProcess node : nodes) {
            node.kill();
          }
        }
      }
    }

    private void write(String report) throws IOException {
      Files.writeString(output, report);
      System.out.println(report);
    }

    private Void write(int writer, int port, String credential, S3Endpoint storage) {
      TableIdentifier id = TableIdentifier.of(NAMESPACE, "t" + (writer % TABLES));
      long seq = 0;
      RESTCatalog client = null;
      while (working.get()) {
        long row = writer * 1_000_000_000L + seq++;
        try {
          if (client == null) {
            client = client(port, credential, storage);
          }
          Table table = client.loadTable(id);
          GenericRecord record = GenericRecord.create(SCHEMA);
          record.setField("id", row);
          TableRows.append(table, List.<Record>of(record));
          acked.add(row);
          Thread.sleep(250);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        } catch (RuntimeException e) {
          unknown.add(row);
          pause();
        }
      }
      return null;
    }

    private Void read(int reader, int port, String credential, S3Endpoint storage) {
      Random random = new Random(reader);
      RESTCatalog client = null;
      while (working.get()) {
        try {
          if (client == null) {
            client = client(port, credential, storage);
          }
          TableRows.read(
              client.loadTable(TableIdentifier.of(NAMESPACE, "t" + random.nextInt(TABLES))));
          reads.incrementAndGet();
          Thread.sleep(2_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        } catch (RuntimeException e) {
          readFailures.incrementAndGet();
          pause();
        }
      }
      return null;
    }

    private List<String> check(RESTCatalog admin) {
      List<String> violations = new ArrayList<>();
      Map<Long, Integer> seen = new HashMap<>();
      for (int t = 0; t < TABLES; t++) {
        for (Record record :
            TableRows.read(admin.loadTable(TableIdentifier.of(NAMESPACE, "t" + t)))) {
          seen.merge((Long) record.getField("id"), 1, Integer::sum);
        }
      }
      seen.forEach(
          (row, times) -> {
            if (times > 1) {
              violations.add("row " + row + " is there " + times + " times");
            }
            if (!acked.contains(row) && !unknown.contains(row)) {
              violations.add("row " + row + " was never written");
            }
          });
      for (long row : acked) {
        if (!seen.containsKey(row)) {
          violations.add("acknowledged row " + row + " is missing");
        }
      }
      return violations;
    }

    private String report(Instant began, List<Sample> samples, int kills, List<String> violations) {
      StringBuilder out = new StringBuilder();
      long minutesRun = Duration.between(began, Instant.now()).toMinutes();
      out.append("### Soak of ").append(Instant.now().toString(), 0, 10).append("\n\n");
      out.append("Three nodes on PostgreSQL and the embedded S3 store behind a TCP balancer; ")
          .append(WRITERS)
          .append(" writers appending one row per commit (each pausing 250 ms), ")
          .append(READERS)
          .append(" readers scanning a table every 2 s, the scheduler compacting and expiring")
          .append(
              " (raw zone: compaction at 16 small files, snapshots kept 1 hour, the shortest a policy allows), node 2")
          .append(" killed (-9) and started again every ")
          .append(killEveryMinutes == 1 ? "minute" : killEveryMinutes + " minutes")
          .append(". ")
          .append(minutesRun)
          .append(" minutes in all, ")
          .append(kills)
          .append(" kills.\n\n");
      out.append("| minute | commits/s | unknown outcomes | scans |");
      for (int n = 0; n < 3; n++) {
        out.append(" node ").append(n).append(" heap MB | RSS MB | threads | files | db conns |");
      }
      out.append("\n|---|---|---|---|");
      out.append("---|---|---|---|---|".repeat(3));
      out.append('\n');
      for (Sample sample : samples) {
        out.append("| ")
            .append(sample.minute())
            .append(" | ")
            .append(String.format("%.1f", sample.commits() / 60.0))
            .append(" | ")
            .append(sample.unknown())
            .append(" | ")
            .append(sample.reads())
            .append(" |");
        for (int n = 0; n < 3; n++) {
          Map<String, Long> node = sample.nodes().getOrDefault(n, Map.of());
          out.append(' ')
              .append(mb(node.get(GAUGES[0])))
              .append(" | ")
              .append(mb(node.get(GAUGES[1])))
              .append(" | ")
              .append(value(node.get(GAUGES[2])))
              .append(" | ")
              .append(value(node.get(GAUGES[3])))
              .append(" | ")
              .append(value(node.get(GAUGES[4])))
              .append(" |");
        }
        out.append('\n');
      }
      out.append('\n')
          .append("Acknowledged commits: ")
          .append(acked.size())
          .append("; unknown outcomes: ")
          .append(unknown.size())
          .append("; scans: ")
          .append(reads.get())
          .append(" (")
          .append(readFailures.get())
          .append(" failed); check of every row: ")
          .append(
              violations.isEmpty()
                  ? "every acknowledged row once, no row twice"
                  : violations.size() + " violations, first: " + violations.get(0))
          .append(".\n");
      return out.toString();
    }

    private static String mb(Long bytes) {
      return bytes == null || bytes < 0 ? "-" : String.valueOf(bytes / (1024 * 1024));
    }

    private static String value(Long value) {
      return value == null ? "-" : String.valueOf(value);
    }

    private Sample sample(
        int minute,
        long commits,
        long unknownCount,
        long readCount,
        List<FirnProcess> nodes,
        String credential) {
      Map<Integer, Map<String, Long>> figures = new LinkedHashMap<>();
      for (FirnProcess node : nodes) {
        figures.put(node.index(), gauges(node, credential));
      }
      return new Sample(minute, commits, unknownCount, readCount, figures);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static RESTCatalog client(int port, String credential, S3Endpoint storage) {
    String uri = "http://127.0.0.1:" + port;
    Map<String, String> properties = new HashMap<>(storage.icebergProperties());
    properties.put("uri", uri);
    properties.put("credential", credential);
    properties.put("oauth2-server-uri", uri + "/v1/oauth/tokens");
    RESTCatalog client = new RESTCatalog();
    client.initialize("soak", properties);
    return client;
  }

  /** The node's gauges from its own metrics; empty while it is down or starting. */
  static Map<String, Long> gauges(FirnProcess node, String credential) {
    Map<String, Long> values = new HashMap<>();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + node.managementPort() + "/metrics"))
                      .header("Authorization", "Bearer " + token(node, credential))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      for (String line : response.body().lines().toList()) {
        for (String gauge : GAUGES) {
          if (line.startsWith(gauge + " ")) {
            values.put(gauge, Long.parseLong(line.substring(gauge.length() + 1).trim()));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Down or starting: the report shows a dash.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return values;
  }

  private static String token(FirnProcess node, String credential)
      throws IOException, InterruptedException {
    String[] parts = credential.split(":", 2);
    String body =
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(parts[0], StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(parts[1], StandardCharsets.UTF_8)
            + "&scope=catalog";
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.catalogPort() + "/v1/oauth/tokens"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    String json = response.body();
    int at = json.indexOf("\"access_token\"");
    int start = json.indexOf('"', json.indexOf(':', at) + 1) + 1;
    return json.substring(start, json.indexOf('"', start));
  }
}
