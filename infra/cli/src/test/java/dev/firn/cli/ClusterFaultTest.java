package dev.firn.cli;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.testing.FaultProxy;
import dev.firn.testing.FirnProcess;
import dev.firn.testing.LocalPostgres;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import dev.firn.testing.TableRows;
import dev.firn.testing.TcpBalancer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code firn serve} processes on one PostgreSQL and one S3 store, behind a load balancer,
 * under 8 writers and the scheduler's maintenance, through 30 kills (-9) of random nodes with
 * restarts, one PostgreSQL crash and restart, and one node cut off from the database. Afterwards:
 * every acknowledged commit is in its table exactly once, no row twice, every file any snapshot
 * references is present, every node serves the database's pointer, at most one maintenance job ran
 * on a table at any moment, and no run is left running.
 */
@ExtendWith(S3EndpointExtension.class)
class ClusterFaultTest {
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));
  private static final int NODES = 3;
  private static final int WRITERS = 8;
  private static final int KILLS = 30;
  private static final int LEASE_SECONDS = 3;
  private static final Namespace NAMESPACE = Namespace.of("raw", "fault");
  private static final List<TableIdentifier> TABLES =
      List.of(
          TableIdentifier.of(NAMESPACE, "t0"),
          TableIdentifier.of(NAMESPACE, "t1"),
          TableIdentifier.of(NAMESPACE, "t2"),
          TableIdentifier.of(NAMESPACE, "t3"));

  @Test
  void threeNodesLoseAndRepeatNothingThroughKillsACrashedDatabaseAndACut(
      S3Endpoint s3, @TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(
        LocalPostgres.binaries().isPresent()
            || Boolean.parseBoolean(System.getenv("FIRN_TEST_REQUIRE_POSTGRES")),
        "PostgreSQL's programs are not installed");
    String bucket = "firn-cluster-" + UUID.randomUUID().toString().substring(0, 8);
    try (LocalPostgres postgres = LocalPostgres.start(false)) {
      PostgresEndpoint database = postgres.endpoint();
      URI pg = URI.create(database.jdbcUrl().substring("jdbc:".length()));
      List<FaultProxy> links = new ArrayList<>();
      List<FirnProcess> nodes = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        FaultProxy link = FaultProxy.start(pg.getHost(), pg.getPort());
        links.add(link);
        Map<String, String> env = new HashMap<>();
        env.put("FIRN_DATA_DIR", dir.resolve("node-" + i).toString());
        env.put("FIRN_CATALOG_PORT", String.valueOf(FirnProcess.freePort()));
        env.put("FIRN_CATALOG_MANAGEMENT_PORT", String.valueOf(FirnProcess.freePort()));
        env.put("FIRN_STORAGE_ENDPOINT", s3.uri().toString());
        env.put("FIRN_STORAGE_REGION", s3.region());
        env.put("FIRN_STORAGE_ACCESS_KEY_ID", s3.accessKeyId());
        env.put("FIRN_STORAGE_SECRET_ACCESS_KEY", s3.secretAccessKey());
        env.put("FIRN_STORAGE_WAREHOUSE", "s3://" + bucket + "/lake");
        env.put("FIRN_STORAGE_CREATE_BUCKET", "true");
        env.put(
            "FIRN_DATABASE_URL",
            "jdbc:postgresql://127.0.0.1:" + link.port() + pg.getPath() + "?sslmode=disable");
        env.put("FIRN_DATABASE_USER", database.user());
        env.put("FIRN_NODE_LEASE_SECONDS", String.valueOf(LEASE_SECONDS));
        env.put("FIRN_MAINTENANCE_TICK_SECONDS", "1");
        env.put("FIRN_MAINTENANCE_ZONE_RAW_COMPACTION_MIN_SMALL_FILES", "4");
        nodes.add(new FirnProcess(i, serveCommand(), env, dir.resolve("node-" + i + ".log")));
      }
      // The first start makes the root principal; the others find it.
      nodes.get(0).start();
      nodes.get(0).awaitReady();
      nodes.get(1).start();
      nodes.get(2).start();
      nodes.get(1).awaitReady();
      nodes.get(2).awaitReady();
      String credential =
          Files.readString(dir.resolve("node-0").resolve(ServeStack.ROOT_CREDENTIAL_FILE)).trim();

      try (TcpBalancer balancer =
              TcpBalancer.start(nodes.stream().map(FirnProcess::catalogPort).toList());
          RESTCatalog admin = client(balancer.port(), credential, s3)) {
        admin.createNamespace(NAMESPACE);
        for (TableIdentifier id : TABLES) {
          admin.createTable(id, SCHEMA);
        }

        Outcomes outcomes = new Outcomes();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          int writer = w;
          running.add(
              writers.submit(
                  () -> write(writer, balancer.port(), credential, s3, writing, outcomes)));
        }

        Map<String, List<Long>> killsByNode = new ConcurrentHashMap<>();
        // Killed and not yet back: no victim until its supervisor saw it ready.
        Set<Integer> restarting = ConcurrentHashMap.newKeySet();
        Random random = new Random(17);
        ExecutorService restarts = Executors.newCachedThreadPool();
        for (int kill = 1; kill <= KILLS; kill++) {
          Thread.sleep(800 + random.nextInt(1200));
          if (kill == 10) {
            postgres.restart();
          }
          if (kill == 20) {
            int cut = random.nextInt(NODES);
            links.get(cut).cutOff();
            Thread.sleep(Duration.ofSeconds(LEASE_SECONDS * 3L).toMillis());
            links.get(cut).reconnect();
          }
          FirnProcess victim = pickVictim(nodes, random, restarting);
          killsByNode
              .computeIfAbsent(nodeId(victim), k -> new CopyOnWriteArrayList<>())
              .add(System.currentTimeMillis());
          restarting.add(victim.index());
          victim.kill();
          restarts.submit(
              () -> {
                Thread.sleep(500 + random.nextInt(1000));
                try {
                  victim.startUntilReady();
                } finally {
                  restarting.remove(victim.index());
                }
                return null;
              });
        }
        restarts.shutdown();
        assertThat(restarts.awaitTermination(10, TimeUnit.MINUTES)).as("every node back").isTrue();
        for (FirnProcess node : nodes) {
          node.awaitReady();
        }
        Thread.sleep(3_000);
        writing.set(false);
        for (Future<?> writer : running) {
          writer.get(2, TimeUnit.MINUTES);
        }
        writers.shutdown();

        // Maintenance settles: leases of the dead lapse, their runs are closed.
        long runningRuns = -1;
        for (int wait = 0; wait < 60 && runningRuns != 0; wait++) {
          Thread.sleep(1_000);
          runningRuns =
              count(
                  database, "SELECT COUNT(*) FROM firn_maintenance_runs WHERE status = 'running'");
        }

        List<String> violations = new ArrayList<>();
        Map<String, Long> figures = new TreeMap<>();
        for (TableIdentifier id : TABLES) {
          Table table = admin.loadTable(id);
          checkRows(id, table, outcomes, violations);
          checkFiles(id, table, violations);
          String pointer = pointer(database, id);
          for (FirnProcess node : nodes) {
            try (RESTCatalog direct = client(node.catalogPort(), credential, s3)) {
              String served =
                  ((HasTableOperations) direct.loadTable(id))
                      .operations()
                      .current()
                      .metadataFileLocation();
              if (!served.equals(pointer)) {
                violations.add(
                    id + ": node " + node.index() + " serves " + served + ", not " + pointer);
              }
            }
          }
        }
        violations.addAll(overlappingJobs(database, killsByNode, figures));
        assertThat(runningRuns).as("runs left running").isZero();

        figures.put("acknowledged commits", (long) outcomes.acked.size());
        figures.put("commits with an unknown outcome", (long) outcomes.unknown.size());
        figures.put("commits refused (conflict)", (long) outcomes.failed.size());
        figures.put("kills", (long) KILLS);
        figures.put(
            "starts that failed", nodes.stream().mapToLong(FirnProcess::failedStarts).sum());
        figures.put("slowest acknowledged commit ms", outcomes.slowest.get());
        System.out.println("Cluster fault run: " + figures);
        assertThat(violations).isEmpty();
        assertThat(outcomes.acked).hasSizeGreaterThan(100);
        assertThat(figures.get("compactions that committed")).isPositive();
      } finally {
        for (FirnProcess node : nodes) {
          node.kill();
        }
        for (FaultProxy link : links) {
          link.close();
        }
      }
    }
  }

  /** What each writer's appends came to, by row id. */
  private static final class Outcomes {
    final Set<Long> acked = ConcurrentHashMap.newKeySet();
    final Set<Long> unknown = ConcurrentHashMap.newKeySet();
    final Set<Long> failed = ConcurrentHashMap.newKeySet();
    final AtomicLong slowest = new AtomicLong();
  }

  /** Appends one row at a time, each with its own id, until told to stop. */
  private static Void write(
      int writer,
      int port,
      String credential,
      S3Endpoint s3,
      AtomicBoolean writing,
      Outcomes outcomes)
      throws Exception {
    TableIdentifier id = TABLES.get(writer % TABLES.size());
    long seq = 0;
    RESTCatalog client = null;
    try {
      while (writing.get()) {
        long row = writer * 1_000_000L + seq++;
        long started = System.nanoTime();
        try {
          if (client == null) {
            client = client(port, credential, s3);
          }
          Table table = client.loadTable(id);
          GenericRecord record = GenericRecord.create(SCHEMA);
          record.setField("id", row);
          TableRows.append(table, List.<Record>of(record));
          outcomes.acked.add(row);
          outcomes.slowest.accumulateAndGet(
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), Math::max);
        } catch (CommitFailedException refused) {
          outcomes.failed.add(row);
        } catch (RuntimeException unknown) {
          // A node died, the database restarted, a connection was cut: maybe applied, maybe not.
          outcomes.unknown.add(row);
          Thread.sleep(200);
        }
      }
    } finally {
      if (client != null) {
        client.close();
      }
    }
    return null;
  }

  private static void checkRows(
      TableIdentifier id, Table table, Outcomes outcomes, List<String> violations) {
    Map<Long, Integer> seen = new HashMap<>();
    for (Record record : TableRows.read(table)) {
      seen.merge((Long) record.getField("id"), 1, Integer::sum);
    }
    long writerBase = -1;
    seen.forEach(
        (row, times) -> {
          if (times > 1) {
            violations.add(id + ": row " + row + " is there " + times + " times");
          }
          if (!outcomes.acked.contains(row) && !outcomes.unknown.contains(row)) {
            violations.add(id + ": row " + row + " was never acknowledged or left unknown");
          }
          if (outcomes.failed.contains(row)) {
            violations.add(id + ": row " + row + " was refused, yet it is there");
          }
        });
    int index = TABLES.indexOf(id);
    for (long row : outcomes.acked) {
      if ((row / 1_000_000L) % TABLES.size() == index && !seen.containsKey(row)) {
        violations.add(id + ": acknowledged row " + row + " is missing");
      }
    }
    assertThat(writerBase).isEqualTo(-1);
  }

  /** Every manifest list, manifest and data file of every snapshot is in storage. */
  static void checkFiles(TableIdentifier id, Table table, List<String> violations)
      throws IOException {
    FileIO io = table.io();
    Set<String> manifests = new HashSet<>();
    Set<String> files = new HashSet<>();
    Map<Integer, org.apache.iceberg.PartitionSpec> specs = table.specs();
    for (Snapshot snapshot : table.snapshots()) {
      if (!io.newInputFile(snapshot.manifestListLocation()).exists()) {
        violations.add(id + ": manifest list " + snapshot.manifestListLocation() + " is missing");
        continue;
      }
      for (ManifestFile manifest : snapshot.allManifests(io)) {
        if (manifests.add(manifest.path())) {
          if (!io.newInputFile(manifest.path()).exists()) {
            violations.add(id + ": manifest " + manifest.path() + " is missing");
            continue;
          }
          try (CloseableIterable<DataFile> entries = ManifestFiles.read(manifest, io, specs)) {
            for (DataFile file : entries) {
              files.add(file.location());
            }
          }
        }
      }
    }
    for (String file : files) {
      if (!io.newInputFile(file).exists()) {
        violations.add(id + ": data file " + file + " is missing");
      }
    }
  }

  /**
   * Maintenance runs on one table that overlapped in time. A run of a node killed while it ran
   * ended at the kill, whatever the history says of when it was closed.
   */
  private static List<String> overlappingJobs(
      PostgresEndpoint database, Map<String, List<Long>> kills, Map<String, Long> figures)
      throws Exception {
    List<String> violations = new ArrayList<>();
    Map<String, List<long[]>> byTable = new HashMap<>();
    Map<String, String> describe = new HashMap<>();
    long committedCompactions = 0;
    long closedAfterDeath = 0;
    List<String[]> cutShort = new ArrayList<>();
    List<String[]> succeeded = new ArrayList<>();
    try (Connection connection = database.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT id, table_name, job_kind, node, started_at_ms, finished_at_ms, status,"
                    + " error FROM firn_maintenance_runs WHERE NOT dry_run ORDER BY id");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        long start = rows.getLong(5);
        long end = rows.getLong(6);
        if (rows.wasNull()) {
          end = Long.MAX_VALUE;
        }
        for (long killed : kills.getOrDefault(rows.getString(4), List.of())) {
          if (killed >= start && killed < end) {
            end = killed;
            closedAfterDeath++;
            if ("compaction".equals(rows.getString(3))) {
              cutShort.add(
                  new String[] {rows.getString(2), rows.getString(3), String.valueOf(killed)});
            }
          }
        }
        if ("succeeded".equals(rows.getString(7))) {
          succeeded.add(new String[] {rows.getString(2), rows.getString(3), String.valueOf(start)});
        }
        if ("compaction".equals(rows.getString(3)) && "succeeded".equals(rows.getString(7))) {
          committedCompactions++;
        }
        byTable
            .computeIfAbsent(rows.getString(2), k -> new ArrayList<>())
            .add(new long[] {start, end, rows.getLong(1)});
        describe.put(
            String.valueOf(rows.getLong(1)),
            rows.getString(3) + " on node " + rows.getString(4) + " " + rows.getString(7));
      }
    }
    byTable.forEach(
        (table, runs) -> {
          runs.sort((a, b) -> Long.compare(a[0], b[0]));
          for (int i = 1; i < runs.size(); i++) {
            long[] before = runs.get(i - 1);
            long[] after = runs.get(i);
            if (after[0] < before[1]) {
              violations.add(
                  table
                      + ": run "
                      + after[2]
                      + " ("
                      + describe.get(String.valueOf(after[2]))
                      + ") started while run "
                      + before[2]
                      + " ("
                      + describe.get(String.valueOf(before[2]))
                      + ") ran");
            }
          }
        });
    // How long a compaction cut short by a kill waited for the next one on its table to commit.
    long longestTakeover = 0;
    // Reported, not yet held as a rule: see docs/reliability.md, Not yet tested.
    long notFollowed = 0;
    for (String[] cut : cutShort) {
      long killed = Long.parseLong(cut[2]);
      long next =
          succeeded.stream()
              .filter(run -> run[0].equals(cut[0]) && run[1].equals(cut[1]))
              .mapToLong(run -> Long.parseLong(run[2]))
              .filter(started -> started >= killed)
              .min()
              .orElse(-1);
      if (next < 0) {
        notFollowed++;
      } else {
        longestTakeover = Math.max(longestTakeover, next - killed);
      }
    }
    figures.put(
        "longest wait from a kill mid-compaction to the next compaction, ms", longestTakeover);
    figures.put("compactions cut short and not followed by a committed one", notFollowed);
    figures.put("compactions that committed", committedCompactions);
    figures.put("runs cut short by a kill", closedAfterDeath);
    figures.put("maintenance runs", (long) byTable.values().stream().mapToInt(List::size).sum());
    return violations;
  }

  private static FirnProcess pickVictim(
      List<FirnProcess> nodes, Random random, Set<Integer> restarting) throws Exception {
    // Never the last live node: a balancer with no node is an outage, not a fault under test.
    for (int wait = 0; wait < 3_000; wait++) {
      List<FirnProcess> live =
          nodes.stream()
              .filter(node -> !restarting.contains(node.index()) && node.alive())
              .toList();
      if (live.size() >= 2 && nodes.stream().allMatch(FirnProcess::started)) {
        return live.get(random.nextInt(live.size()));
      }
      Thread.sleep(100);
    }
    StringBuilder logs = new StringBuilder("Nodes did not come back:");
    for (FirnProcess node : nodes) {
      logs.append("\n--- node ")
          .append(node.index())
          .append(", last failed start: ")
          .append(node.lastFailedStart())
          .append('\n')
          .append(node.tail());
    }
    throw new IllegalStateException(logs.toString());
  }

  private static String pointer(PostgresEndpoint database, TableIdentifier id) throws Exception {
    try (Connection connection = database.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT metadata_location FROM iceberg_tables WHERE table_name = ?")) {
      statement.setString(1, id.name());
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }

  private static long count(PostgresEndpoint database, String sql) throws Exception {
    try (Connection connection = database.connect();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static RESTCatalog client(int port, String credential, S3Endpoint s3) {
    String uri = "http://127.0.0.1:" + port;
    Map<String, String> properties = new HashMap<>(s3.icebergProperties());
    properties.put("uri", uri);
    properties.put("credential", credential);
    properties.put("oauth2-server-uri", uri + "/v1/oauth/tokens");
    RESTCatalog client = new RESTCatalog();
    client.initialize("firn", properties);
    return client;
  }

  /** The node's id, kept in its data folder. */
  private static String nodeId(FirnProcess node) {
    try {
      return Files.readString(node.dataDirectory().resolve(NodeIdentity.FILE)).trim();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> serveCommand() {
    return List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-cp",
        System.getProperty("java.class.path"),
        Firn.class.getName(),
        "serve");
  }
}
