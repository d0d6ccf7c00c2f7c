package dev.firn.maintenance.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.ProtectedSnapshots;
import dev.firn.maintenance.RealServerTest;
import dev.firn.maintenance.RunningCompactions;
import dev.firn.maintenance.policy.EffectivePolicy;
import dev.firn.maintenance.policy.PolicyKey;
import dev.firn.writer.WriteMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/** Snapshot expiry on real tables of a running Firn server, with clocks set from commit times. */
class SnapshotExpiryTest extends RealServerTest {
  static final Duration MAX_AGE = Duration.ofHours(1);
  static final EffectivePolicy ONE_HOUR_ONE_KEPT =
      policy(Map.of(PolicyKey.SNAPSHOT_MAX_AGE, "1h", PolicyKey.SNAPSHOT_MIN_KEPT, "1"));

  private final RunningCompactions compactions = new RunningCompactions();
  private final List<String> deleted = new CopyOnWriteArrayList<>();

  /**
   * main: s1 - s2 (tag v2) - s3 (upsert: delete files) - s4 - s5 (overwrite) - s6 - s7; branch
   * audit from s3, keeping its last 2 whatever their age: b1 - b2 (overwrite) - b3.
   */
  private record History(
      Table table,
      long s1,
      long s2,
      long s3,
      long b1,
      long b2,
      long b3,
      long s4,
      long s5,
      long s6) {
    Snapshot snapshot(long id) {
      return table.snapshot(id);
    }

    /** A clock at which the table's cutoff falls just at s6: s6 and newer are young enough. */
    Clock cutoffAtS6() {
      return Clock.fixed(
          Instant.ofEpochMilli(snapshot(s6).timestampMillis()).plus(MAX_AGE), ZoneOffset.UTC);
    }
  }

  private History history(TableIdentifier id) {
    long s1 = load(id, WriteMode.APPEND, 1, 2, 3);
    long s2 = load(id, WriteMode.APPEND, 4, 5, 6);
    Table table = catalog.loadTable(id);
    table.manageSnapshots().createTag("v2", s2).commit();
    long s3 = load(id, WriteMode.UPSERT, 1, 2);
    table.refresh();
    table
        .manageSnapshots()
        .createBranch("audit", s3)
        .setMinSnapshotsToKeep("audit", 2)
        .setMaxSnapshotAgeMs("audit", 1)
        .commit();
    long b1 = load(id, WriteMode.APPEND, "audit", 50);
    long b2 = load(id, WriteMode.OVERWRITE, "audit", 60);
    long b3 = load(id, WriteMode.APPEND, "audit", 70);
    long s4 = load(id, WriteMode.APPEND, 7, 8);
    long s5 = load(id, WriteMode.OVERWRITE, 100, 101);
    long s6 = load(id, WriteMode.APPEND, 102);
    load(id, WriteMode.APPEND, 103);
    table.refresh();
    List<Long> order = List.of(s1, s2, s3, b1, b2, b3, s4, s5, s6);
    for (int i = 1; i < order.size(); i++) {
      assertThat(table.snapshot(order.get(i)).timestampMillis())
          .as("commits are at least a millisecond apart")
          .isGreaterThan(table.snapshot(order.get(i - 1)).timestampMillis());
    }
    return new History(table, s1, s2, s3, b1, b2, b3, s4, s5, s6);
  }

  private SnapshotExpiry expiry(Table table, Clock clock, ProtectedSnapshots protectedSnapshots) {
    return expiry(table, ONE_HOUR_ONE_KEPT, clock, protectedSnapshots);
  }

  /** An expiry that deletes from the test endpoint and records what it deleted. */
  private SnapshotExpiry expiry(
      Table table, EffectivePolicy policy, Clock clock, ProtectedSnapshots protectedSnapshots) {
    Consumer<String> deleter =
        path -> {
          deleted.add(path);
          table.io().deleteFile(path);
        };
    return new SnapshotExpiry(table, policy, clock, protectedSnapshots, deleter);
  }

  @Test
  void expiresExactlyWhatNoRefNoCountAndNoRunningCompactionKeeps() {
    History h = history(raw("events"));
    Table table = h.table();
    Map<Long, String> tagRows = rows(table, h.s2());
    Map<Long, List<String>> reachable = new HashMap<>();
    snapshots(table).forEach(s -> reachable.put(s.snapshotId(), reachable(table, s)));
    List<String> b1Files = addedDataFiles(table, h.snapshot(h.b1()));
    List<String> s4Files = addedDataFiles(table, h.snapshot(h.s4()));
    compactions.hold(table.uuid().toString(), h.s4());

    JobResult unprotected = expiry(table, h.cutoffAtS6(), ProtectedSnapshots.NONE).apply();
    JobResult planned = expiry(table, h.cutoffAtS6(), compactions).apply();
    JobResult result = expiry(table, h.cutoffAtS6(), compactions).commit();

    // Without the hold, s4 and s5 are past the cutoff too; with it the cutoff drops to s4.
    assertThat(unprotected.snapshotIds())
        .containsExactlyInAnyOrder(h.s1(), h.s3(), h.b1(), h.s4(), h.s5());
    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.snapshotIds()).containsExactlyInAnyOrder(h.s1(), h.s3(), h.b1());
    assertThat(planned.snapshotIds()).containsExactlyElementsOf(result.snapshotIds());
    assertThat(result.count(Measure.SNAPSHOTS_EXPIRED)).isEqualTo(3);
    assertThat(result.details()).anyMatch(line -> line.contains("cutoff lowered"));

    table.refresh();
    Set<Long> retainedIds = new HashSet<>();
    table.snapshots().forEach(s -> retainedIds.add(s.snapshotId()));
    Set<String> expiredFiles = new TreeSet<>();
    Set<String> retainedFiles = new TreeSet<>();
    reachable.forEach(
        (snapshot, files) ->
            (retainedIds.contains(snapshot) ? retainedFiles : expiredFiles).addAll(files));
    Set<String> onlyExpired = new TreeSet<>(expiredFiles);
    onlyExpired.removeAll(retainedFiles);

    assertThat(onlyExpired).as("b1's data file, which b2 overwrote").containsAll(b1Files);
    assertThat(new TreeSet<>(deleted)).isEqualTo(onlyExpired);
    assertThat(result.count(Measure.FILES_DELETED)).isEqualTo(onlyExpired.size());
    assertThat(planned.details()).containsAll(onlyExpired);
    assertThat(onlyExpired).allSatisfy(path -> assertThat(exists(table, path)).isFalse());
    assertThat(retainedFiles).allSatisfy(path -> assertThat(exists(table, path)).isTrue());
    assertThat(rows(table, table.refs().get("v2").snapshotId())).isEqualTo(tagRows);
    assertThat(unprotected.details()).containsAll(s4Files);
    assertThat(retainedFiles).containsAll(s4Files);
  }

  @Test
  void expiresNothingWhenAHeldSnapshotWouldExpireThroughABranchsOwnRetention() {
    History h = history(raw("events"));
    Table table = h.table();
    String metadata = metadataLocation(table);
    compactions.hold(table.uuid().toString(), h.b1());

    JobResult result = expiry(table, h.cutoffAtS6(), compactions).commit();

    assertThat(result.succeeded()).isTrue();
    assertThat(result.snapshotIds()).isEmpty();
    assertThat(result.details())
        .singleElement()
        .asString()
        .contains("Expired nothing", String.valueOf(h.b1()), "branch audit");
    assertThat(deleted).isEmpty();
    assertThat(metadataLocation(table)).isEqualTo(metadata);
  }

  @Test
  void keepsTheMinimumCountOnMainWhenEverySnapshotIsPastTheMaxAge() {
    TableIdentifier id = raw("counts");
    List<Long> ids = new ArrayList<>();
    for (long row = 1; row <= 5; row++) {
      ids.add(load(id, WriteMode.APPEND, row));
    }
    Table table = catalog.loadTable(id);
    Clock dayLater =
        Clock.fixed(
            Instant.ofEpochMilli(table.currentSnapshot().timestampMillis())
                .plus(Duration.ofDays(1)),
            ZoneOffset.UTC);
    EffectivePolicy keepThree =
        policy(Map.of(PolicyKey.SNAPSHOT_MAX_AGE, "1h", PolicyKey.SNAPSHOT_MIN_KEPT, "3"));

    JobResult result =
        new SnapshotExpiry(table, keepThree, dayLater, ProtectedSnapshots.NONE).commit();

    assertThat(result.snapshotIds()).containsExactly(ids.get(0), ids.get(1));
    table.refresh();
    assertThat(snapshots(table))
        .extracting(Snapshot::snapshotId)
        .containsExactlyInAnyOrder(ids.get(2), ids.get(3), ids.get(4));
    assertThat(rows(table, ids.get(4))).hasSize(5);
  }

  @Test
  void aDryRunChangesNothingAndNamesWhatTheCommitExpiresAndDeletes() {
    TableIdentifier id = raw("dry");
    long s1 = load(id, WriteMode.APPEND, 1, 2);
    long s2 = load(id, WriteMode.UPSERT, 2, 3);
    load(id, WriteMode.OVERWRITE, 10, 11);
    load(id, WriteMode.APPEND, 12);
    long last = load(id, WriteMode.APPEND, 13);
    Table table = catalog.loadTable(id);
    Clock dayLater =
        Clock.fixed(
            Instant.ofEpochMilli(table.snapshot(last).timestampMillis()).plus(Duration.ofDays(1)),
            ZoneOffset.UTC);
    EffectivePolicy keepThree =
        policy(Map.of(PolicyKey.SNAPSHOT_MAX_AGE, "1h", PolicyKey.SNAPSHOT_MIN_KEPT, "3"));
    String metadata = metadataLocation(table);
    List<String> objectsBefore = objects(table.location());
    List<String> s1Files = addedDataFiles(table, table.snapshot(s1));

    JobResult dryRun = expiry(table, keepThree, dayLater, ProtectedSnapshots.NONE).apply();

    assertThat(dryRun.dryRun()).isTrue();
    assertThat(dryRun.snapshotIds()).containsExactly(s1, s2);
    assertThat(dryRun.details()).containsAll(s1Files);
    assertThat(deleted).isEmpty();
    assertThat(metadataLocation(table)).isEqualTo(metadata);
    assertThat(objects(table.location())).isEqualTo(objectsBefore);

    JobResult result = expiry(table, keepThree, dayLater, ProtectedSnapshots.NONE).commit();

    assertThat(result.snapshotIds()).isEqualTo(dryRun.snapshotIds());
    assertThat(new TreeSet<>(deleted)).isEqualTo(new TreeSet<>(dryRun.details()));
    assertThat(dryRun.details()).allSatisfy(path -> assertThat(exists(table, path)).isFalse());
    assertThat(result.count(Measure.FILES_DELETED)).isEqualTo(dryRun.count(Measure.FILES_DELETED));
  }

  @Test
  void namesTheFilesItCouldNotDeleteAndStillExpires() {
    TableIdentifier id = raw("stuck");
    long s1 = load(id, WriteMode.APPEND, 1);
    long last = load(id, WriteMode.OVERWRITE, 2);
    Table table = catalog.loadTable(id);
    String s1Data = addedDataFiles(table, table.snapshot(s1)).get(0);
    Clock dayLater =
        Clock.fixed(
            Instant.ofEpochMilli(table.snapshot(last).timestampMillis()).plus(Duration.ofDays(1)),
            ZoneOffset.UTC);
    Consumer<String> refusesDataFiles =
        path -> {
          if (path.endsWith(".parquet")) {
            throw new IllegalStateException("Access denied");
          }
          deleted.add(path);
          table.io().deleteFile(path);
        };

    JobResult result =
        new SnapshotExpiry(
                table, ONE_HOUR_ONE_KEPT, dayLater, ProtectedSnapshots.NONE, refusesDataFiles)
            .commit();

    assertThat(result.succeeded()).isTrue();
    assertThat(result.snapshotIds()).containsExactly(s1);
    assertThat(result.details()).contains("Could not delete " + s1Data + ": Access denied");
    assertThat(result.count(Measure.FILES_DELETED)).isEqualTo(deleted.size()).isPositive();
    assertThat(exists(table, s1Data)).isTrue();
  }

  @Test
  void expiresNothingOnATableWithGcDisabled() {
    TableIdentifier id = raw("shared");
    load(id, WriteMode.APPEND, 1);
    load(id, WriteMode.OVERWRITE, 2);
    long last = load(id, WriteMode.APPEND, 3);
    Table table = catalog.loadTable(id);
    table.updateProperties().set(TableProperties.GC_ENABLED, "false").commit();
    Clock dayLater =
        Clock.fixed(
            Instant.ofEpochMilli(table.snapshot(last).timestampMillis()).plus(Duration.ofDays(1)),
            ZoneOffset.UTC);

    JobResult dryRun = expiry(table, dayLater, ProtectedSnapshots.NONE).apply();
    JobResult result = expiry(table, dayLater, ProtectedSnapshots.NONE).commit();

    for (JobResult r : List.of(dryRun, result)) {
      assertThat(r.succeeded()).isTrue();
      assertThat(r.snapshotIds()).isEmpty();
      assertThat(r.details()).containsExactly(dev.firn.vocabulary.TableGc.DISABLED);
    }
    assertThat(deleted).isEmpty();
    table.refresh();
    assertThat(snapshots(table)).hasSize(3);
  }

  private static Set<Snapshot> snapshots(Table table) {
    Set<Snapshot> snapshots = new HashSet<>();
    table.snapshots().forEach(snapshots::add);
    return snapshots;
  }

  private static List<String> addedDataFiles(Table table, Snapshot snapshot) {
    List<String> files = new ArrayList<>();
    snapshot.addedDataFiles(table.io()).forEach(file -> files.add(file.location()));
    assertThat(files).isNotEmpty();
    return files;
  }

  private static String metadataLocation(Table table) {
    table.refresh();
    return ((org.apache.iceberg.HasTableOperations) table)
        .operations()
        .current()
        .metadataFileLocation();
  }
}
