package dev.firn.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.catalog.rest.HostileRequests.Hostile;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Hostile names, locations and paths cannot cross the storage boundary: each request gets its 4xx
 * (none a 5xx, and where one rule must refuse it, that rule's message), and afterwards both buckets
 * hold exactly what they held before, byte for byte. The same shapes with the tables' own paths
 * then succeed, so each hostile one failed for its path alone.
 */
@ExtendWith(S3EndpointExtension.class)
abstract class StorageBoundaryTests {
  /** The database for the test's server. */
  protected abstract Database database() throws Exception;

  @Test
  void hostileRequestsGet4xxAndChangeNothing(S3Endpoint s3) throws Exception {
    try (S3Client objects = s3.client();
        HostileScene scene = HostileScene.create(s3, objects, database())) {
      List<Hostile> requests = HostileRequests.all(scene);
      assertThat(requests).hasSizeGreaterThanOrEqualTo(150);
      Map<String, String> before = scene.listing();

      List<String> failures = new ArrayList<>();
      for (Hostile request : requests) {
        HttpResponse<String> response = HostileRequests.send(scene, request);
        String mismatch = HostileRequests.mismatch(request, response);
        if (mismatch != null) {
          failures.add(mismatch);
        }
      }
      assertThat(failures).isEmpty();
      assertThat(scene.listing()).isEqualTo(before);
      assertThat(scene.client().listTables(Namespace.of("raw", "sales")))
          .containsExactlyInAnyOrder(scene.orders, scene.legacy);

      List<String> controlFailures = new ArrayList<>();
      for (Hostile control : HostileRequests.controls(scene)) {
        String mismatch = HostileRequests.mismatch(control, HostileRequests.send(scene, control));
        if (mismatch != null) {
          controlFailures.add(mismatch);
        }
      }
      assertThat(controlFailures).isEmpty();
      assertThat(scene.client().tableExists(TableIdentifier.of("raw", "sales", "born_own")))
          .isTrue();
    }
  }
}
