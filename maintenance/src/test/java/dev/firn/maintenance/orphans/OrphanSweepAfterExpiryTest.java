package dev.firn.maintenance.orphans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.ProtectedSnapshots;
import dev.firn.maintenance.expiry.SnapshotExpiry;
import dev.firn.maintenance.policy.EffectivePolicy;
import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyKey;
import dev.firn.maintenance.policy.PolicyResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Orphan removal after snapshot expiry, by Firn's own job or by another engine through Iceberg's
 * API: the expired snapshots' manifest lists are gone, and what they alone reached is either gone
 * or an orphan.
 */
class OrphanSweepAfterExpiryTest extends OrphanSweepTestBase {
  private static final Clock DAYS_LATER = after(Duration.ofDays(4));
  private static final EffectivePolicy ONE_HOUR_ONE_KEPT =
      new PolicyResolver(PolicyDefaults.standard())
          .resolve(
              "raw",
              List.of(
                  new PolicyResolver.Layer(
                      "table",
                      Map.of(
                          PolicyKey.SNAPSHOT_MAX_AGE.property(), "1h",
                          PolicyKey.SNAPSHOT_MIN_KEPT.property(), "1"))));
  private static final Pattern SKIPPED_SNAPSHOT =
      Pattern.compile(
          "Skipped snapshot (\\d+) of an older metadata file: its manifest list (\\S+) no longer"
              + " exists \\(expired\\)");
  private static final Pattern SKIPPED_MANIFEST =
      Pattern.compile(
          "Skipped manifest (\\S+): only snapshots the table has expired name it, and it no longer"
              + " exists");

  /** Who expires the table's snapshots, and how Iceberg cleans up after them. */
  enum Expiry {
    /** Firn's job, naming the snapshots: cleanup by reachability. */
    FIRN,
    /** Iceberg's API on a table with a tag and a branch: cleanup by reachability. */
    ICEBERG,
    /**
     * Iceberg's API on a table whose snapshots are all on main: Iceberg cleans up incrementally,
     * keeping a file until the snapshot that removed it expires.
     */
    ICEBERG_INCREMENTAL
  }

  @ParameterizedTest
  @EnumSource(Expiry.class)
  void afterExpiryOnlyThePlantedOrphansGoAndEveryRefReadsTheSameRows(Expiry expiry) {
    String name = "expired_" + expiry.ordinal();
    Table table = history(name, expiry != Expiry.ICEBERG_INCREMENTAL);
    Map<String, List<String>> rows = rowsOfEveryRef(table);
    Set<Long> before = snapshotIds(table);
    expire(table, expiry, table.io()::deleteFile);
    Set<Long> expired = new TreeSet<>(before);
    expired.removeAll(snapshotIds(table));
    Map<String, Long> live = objects(table);
    Map<String, Long> planted = plantOrphans(table, 18);

    JobResult dryRun = new OrphanSweep(table, DAYS_LATER).apply();

    assertThat(expired).hasSizeGreaterThan(2);
    assertThat(dryRun.error()).isNull();
    assertThat(orphans(dryRun)).containsExactlyInAnyOrderElementsOf(planted.keySet());
    assertThat(skipped(dryRun, SKIPPED_SNAPSHOT)).isEqualTo(expired);
    assertThat(dryRun.count(Measure.ORPHANS_FOUND)).isEqualTo(18);
    assertThat(objects(table)).hasSize(live.size() + 18);

    JobResult run = new OrphanSweep(table, DAYS_LATER).commit();

    assertThat(run.error()).isNull();
    assertThat(orphans(run)).containsExactlyInAnyOrderElementsOf(planted.keySet());
    assertThat(run.count(Measure.ORPHANS_DELETED)).isEqualTo(18);
    assertThat(objects(table)).isEqualTo(live).containsKeys(referenced(table));
    assertThat(rowsOfEveryRef(catalog.loadTable(TableIdentifier.of("raw", name)))).isEqualTo(rows);
  }

  /** Which deletes of an expiry never happened, as when its process dies or storage refuses. */
  enum LostDeletes {
    /** Data and delete files stay; their manifests and manifest lists are gone. */
    DATA_FILES,
    /** Data and delete files and manifest lists stay; the manifests between them are gone. */
    DATA_FILES_AND_MANIFEST_LISTS
  }

  @ParameterizedTest
  @EnumSource(LostDeletes.class)
  void filesAnUnfinishedExpiryLeftBehindAreOrphans(LostDeletes lost) {
    Table table = history("unfinished_" + lost.ordinal(), true);
    Map<String, List<String>> rows = rowsOfEveryRef(table);
    Set<String> lists = new TreeSet<>();
    table.snapshots().forEach(snapshot -> lists.add(snapshot.manifestListLocation()));
    List<String> left = new ArrayList<>();
    expire(
        table,
        Expiry.FIRN,
        path -> {
          boolean list = lists.contains(path);
          if (path.contains("/data/")
              || (list && lost == LostDeletes.DATA_FILES_AND_MANIFEST_LISTS)) {
            left.add(path);
          } else {
            table.io().deleteFile(path);
          }
        });
    Map<String, Long> planted = plantOrphans(table, 9);
    // Manifest lists that stayed are still named by the older metadata files, so they stay too, as
    // does a file a manifest of a snapshot the table holds still names as deleted.
    Set<String> named = new TreeSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      for (ManifestFile manifest : snapshot.allManifests(table.io())) {
        ManifestPaths.files(table.io(), manifest.path(), manifest.length(), named::add);
      }
    }
    Set<String> orphans = new TreeSet<>(planted.keySet());
    left.stream()
        .filter(path -> !lists.contains(path) && !named.contains(path))
        .forEach(orphans::add);

    JobResult run = new OrphanSweep(table, DAYS_LATER).commit();

    assertThat(orphans).hasSizeGreaterThan(planted.size());
    assertThat(run.error()).isNull();
    assertThat(orphans(run)).containsExactlyInAnyOrderElementsOf(orphans);
    assertThat(skipped(run, lost == LostDeletes.DATA_FILES ? SKIPPED_SNAPSHOT : SKIPPED_MANIFEST))
        .isNotEmpty();
    assertThat(objects(table).keySet()).doesNotContainAnyElementsOf(orphans);
    assertThat(objects(table)).containsKeys(referenced(table));
    assertThat(rowsOfEveryRef(table)).isEqualTo(rows);
  }

  @Test
  void aMissingFileOfASnapshotTheTableStillHoldsStopsTheRun() {
    Table table = history("damaged", true);
    expire(table, Expiry.ICEBERG, table.io()::deleteFile);
    plantOrphans(table, 5);
    Snapshot tagged = table.snapshot(table.refs().get("v1").snapshotId());
    long branchHead = table.refs().get("audit").snapshotId();
    String branchManifest =
        table.snapshot(branchHead).allManifests(table.io()).stream()
            .filter(manifest -> manifest.snapshotId() == branchHead)
            .findFirst()
            .orElseThrow()
            .path();
    List<String> deleted = new ArrayList<>();

    for (String damaged : List.of(tagged.manifestListLocation(), branchManifest)) {
      byte[] content = read(damaged);
      client.deleteObject(b -> b.bucket(s3.bucket()).key(key(damaged)));
      Map<String, Long> before = objects(table);

      JobResult run =
          new OrphanSweep(table, DAYS_LATER, StorageLister.of(table.io()), deleted::addAll)
              .commit();

      assertThat(run.succeeded()).isFalse();
      assertThat(run.error())
          .contains("Nothing deleted: ")
          .contains("Cannot read " + damaged + " (manifest")
          .contains("of a snapshot the table holds)");
      assertThat(run.count(Measure.ORPHANS_DELETED)).isZero();
      assertThat(deleted).isEmpty();
      assertThat(objects(table)).isEqualTo(before);
      client.putObject(
          b -> b.bucket(s3.bucket()).key(key(damaged)), RequestBody.fromBytes(content));
    }
  }

  private void expire(Table table, Expiry expiry, Consumer<String> deleter) {
    if (expiry == Expiry.FIRN) {
      JobResult result =
          new SnapshotExpiry(table, ONE_HOUR_ONE_KEPT, DAYS_LATER, ProtectedSnapshots.NONE, deleter)
              .commit();
      assertThat(result.error()).isNull();
    } else {
      table
          .expireSnapshots()
          .expireOlderThan(table.currentSnapshot().timestampMillis())
          .retainLast(1)
          .deleteWith(deleter)
          .commit();
    }
    table.refresh();
  }

  private static List<String> orphans(JobResult result) {
    return result.details().stream().filter(line -> !line.startsWith("Skipped ")).toList();
  }

  /** The snapshot ids, or the manifests, that lines of the pattern name. */
  private static Set<Object> skipped(JobResult result, Pattern pattern) {
    Set<Object> named = new TreeSet<>();
    for (String line : result.details()) {
      Matcher matcher = pattern.matcher(line);
      if (matcher.matches()) {
        named.add(pattern == SKIPPED_SNAPSHOT ? Long.valueOf(matcher.group(1)) : matcher.group(1));
      }
    }
    return named;
  }

  private static Set<Long> snapshotIds(Table table) {
    Set<Long> ids = new TreeSet<>();
    table.snapshots().forEach(snapshot -> ids.add(snapshot.snapshotId()));
    return ids;
  }

  private static Map<String, List<String>> rowsOfEveryRef(Table table) {
    Map<String, List<String>> rows = new TreeMap<>();
    table.refs().forEach((name, ref) -> rows.put(name, rows(table, ref.snapshotId())));
    return rows;
  }

  /**
   * Every file the table's current metadata names: the metadata files of its log, and of every
   * snapshot it holds the manifest list, manifests, data and delete files, and statistics.
   */
  private static String[] referenced(Table table) {
    TableMetadata current = ((HasTableOperations) table).operations().current();
    Set<String> files = new TreeSet<>();
    files.add(current.metadataFileLocation());
    current.previousFiles().forEach(entry -> files.add(entry.file()));
    current.statisticsFiles().stream().map(StatisticsFile::path).forEach(files::add);
    for (Snapshot snapshot : current.snapshots()) {
      files.add(snapshot.manifestListLocation());
      for (ManifestFile manifest : snapshot.allManifests(table.io())) {
        files.add(manifest.path());
        try (CloseableIterable<? extends ContentFile<?>> entries = contents(table, manifest)) {
          entries.forEach(file -> files.add(file.location()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return files.toArray(String[]::new);
  }

  private static CloseableIterable<? extends ContentFile<?>> contents(
      Table table, ManifestFile manifest) {
    return manifest.content() == ManifestContent.DELETES
        ? ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())
        : ManifestFiles.read(manifest, table.io(), table.specs());
  }
}
