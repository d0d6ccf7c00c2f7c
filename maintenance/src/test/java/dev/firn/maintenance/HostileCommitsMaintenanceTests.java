package dev.firn.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.catalog.rest.HostileRequests;
import dev.firn.catalog.rest.HostileRequests.Hostile;
import dev.firn.catalog.rest.HostileScene;
import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyResolver;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * After every hostile request has been turned away, the attacker's tables are maintained and purged
 * as Firn would, in dry runs and for real, with every file old enough to go: not one object outside
 * those tables' locations changes, in either bucket.
 */
@ExtendWith(S3EndpointExtension.class)
abstract class HostileCommitsMaintenanceTests {
  private static final List<JobKind> DELETING =
      List.of(JobKind.EXPIRY, JobKind.ORPHANS, JobKind.METADATA);

  /** The database for the test's server. */
  protected abstract Database database() throws Exception;

  @Test
  void maintainingAndPurgingTheAttackersTablesTouchesNothingElse(S3Endpoint s3) throws Exception {
    try (S3Client objects = s3.client();
        HostileScene scene = HostileScene.create(s3, objects, database())) {
      List<Hostile> requests = HostileRequests.all(scene);
      Map<String, String> before = scene.listing();
      List<String> failures = new ArrayList<>();
      for (Hostile request : requests) {
        String mismatch = HostileRequests.mismatch(request, HostileRequests.send(scene, request));
        if (mismatch != null) {
          failures.add(mismatch);
        }
      }
      assertThat(failures).isEmpty();

      // A month on, every file is old enough for expiry, orphan removal and metadata cleanup.
      Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(30)), ZoneOffset.UTC);
      TableMaintenance maintenance =
          new TableMaintenance(
              scene.server().catalog(),
              new PolicyResolver(PolicyDefaults.standard()),
              later,
              new RunningCompactions(),
              1);
      List<JobResult> results = new ArrayList<>();
      for (TableIdentifier table : List.of(scene.orders, scene.legacy)) {
        for (boolean dryRun : List.of(true, false)) {
          for (JobKind kind : DELETING) {
            results.add(maintenance.run(table, kind, dryRun));
          }
        }
      }
      assertThat(results).allSatisfy(result -> assertThat(result.error()).isNull());
      assertThat(scene.client().dropTable(scene.orders, true)).isTrue();
      assertThat(scene.client().dropTable(scene.legacy, true)).isTrue();

      Map<String, String> after = scene.listing();
      assertThat(outside(after, scene)).isEqualTo(outside(before, scene));
      // The purges did delete the attacker's own files.
      assertThat(after.keySet()).noneMatch(key -> isAttackers(key, scene));
    }
  }

  /** The listing of everything outside the attacker's two tables. */
  private static Map<String, String> outside(Map<String, String> listing, HostileScene scene) {
    Map<String, String> kept = new TreeMap<>(listing);
    kept.keySet().removeIf(key -> isAttackers(key, scene));
    return kept;
  }

  private static boolean isAttackers(String bucketAndKey, HostileScene scene) {
    String location = "s3://" + bucketAndKey;
    return location.startsWith(scene.ordersLocation + "/")
        || location.startsWith(scene.legacyLocation + "/");
  }
}
