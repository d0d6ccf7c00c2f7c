package dev.firn.maintenance.orphans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.iceberg.io.FileInfo;
import org.junit.jupiter.api.Test;

class ListingReviewTest {
  private static final String TABLE = "s3://bucket/wh/raw/t-1";
  private static final String UUID = "9a1d0c4e-0000-4000-8000-000000000001";
  private static final long CUTOFF = 1_000_000L;
  private static final long OLD = CUTOFF - 1;
  private static final long YOUNG = CUTOFF + 1;

  private final ReachableFiles reachable = new ReachableFiles();

  @Test
  void unreachedFilesOlderThanTheCutoffAreOrphansAndYoungerOnesStay() {
    reachable.add(TABLE + "/data/live.parquet");

    ListingReview review =
        review(
            Map.of(),
            file("/data/live.parquet", OLD),
            file("/data/old.parquet", OLD),
            file("/data/at-cutoff.parquet", CUTOFF),
            file("/data/young.parquet", YOUNG));

    assertThat(review.problem()).isEmpty();
    assertThat(review.orphans())
        .map(FileInfo::location)
        .containsExactly(TABLE + "/data/old.parquet", TABLE + "/data/at-cutoff.parquet");
  }

  @Test
  void aFileReferencedThroughAnotherS3SchemeIsReached() {
    reachable.add("s3a://bucket/wh/raw/t-1/data/a.parquet");
    reachable.add("s3n://bucket/wh/raw/t-1//data/b.parquet");

    ListingReview review =
        review(Map.of(), file("/data/a.parquet", OLD), file("/data/b.parquet", OLD));

    assertThat(review.problem()).isEmpty();
    assertThat(review.orphans()).isEmpty();
  }

  @Test
  void aPathReferencedOnlyUnderAnotherSchemeOrBucketIsAProblem() {
    reachable.add("gs://bucket/wh/raw/t-1/data/a.parquet");
    reachable.add("s3://other/wh/raw/t-1/data/b.parquet");
    reachable.add("gs://bucket/wh/raw/t-1/data/c.parquet");
    reachable.add(TABLE + "/data/c.parquet");

    ListingReview review =
        review(
            Map.of(),
            file("/data/a.parquet", YOUNG),
            file("/data/b.parquet", OLD),
            file("/data/c.parquet", OLD));

    assertThat(review.problem())
        .hasValue(
            "listed "
                + TABLE
                + "/data/a.parquet and referenced gs://bucket/wh/raw/t-1/data/a.parquet share a"
                + " path but not a scheme and bucket; listed "
                + TABLE
                + "/data/b.parquet and referenced s3://other/wh/raw/t-1/data/b.parquet share a"
                + " path but not a scheme and bucket");
  }

  @Test
  void metadataFilesOutsideTheLogAreOrphansOnlyWhenTheyAreThisTables() {
    String own = "/metadata/00001-a.metadata.json";
    String ownYoung = "/metadata/00002-b.metadata.json";
    String foreignYoung = "/metadata/00003-c.metadata.json";
    String unreadableYoung = "/metadata/00004-d.metadata.json";
    Map<String, String> uuids =
        Map.of(TABLE + own, UUID, TABLE + ownYoung, UUID, TABLE + foreignYoung, "other-uuid");

    ListingReview review =
        review(
            uuids,
            file(own, OLD),
            file(ownYoung, YOUNG),
            file(foreignYoung, YOUNG),
            file(unreadableYoung, YOUNG));

    assertThat(review.orphans()).map(FileInfo::location).containsExactly(TABLE + own);
    assertThat(review.problem())
        .hasValue(
            "metadata file "
                + TABLE
                + foreignYoung
                + " belongs to table other-uuid, not to "
                + UUID);
  }

  @Test
  void anOldMetadataFileThatCannotBeReadIsAProblem() {
    ListingReview review = review(Map.of(), file("/metadata/00001-a.metadata.json.gz", OLD));

    assertThat(review.orphans()).isEmpty();
    assertThat(review.problem().orElseThrow())
        .startsWith("cannot read metadata file " + TABLE + "/metadata/00001-a.metadata.json.gz");
  }

  @Test
  void manyProblemsAreCountedBeyondTheFirstFew() {
    FileInfo[] listing = new FileInfo[8];
    for (int i = 0; i < listing.length; i++) {
      reachable.add("gs://bucket/wh/raw/t-1/data/" + i);
      listing[i] = file("/data/" + i, OLD);
    }

    assertThat(review(Map.of(), listing).problem().orElseThrow()).endsWith("; and 3 more");
  }

  private ListingReview review(Map<String, String> uuids, FileInfo... listing) {
    Function<String, String> uuidOf =
        location -> {
          if (!uuids.containsKey(location)) {
            throw new IllegalArgumentException("Cannot parse " + location);
          }
          return uuids.get(location);
        };
    return new ListingReview(reachable, UUID, uuidOf, CUTOFF).review(List.of(listing));
  }

  private static FileInfo file(String relative, long modifiedMillis) {
    return new FileInfo(TABLE + relative, 10, modifiedMillis);
  }
}
