package dev.firn.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableLocationTest {
  private static final String ORDERS = "s3://warehouse/raw/sales/orders-1f2e";
  private final TableLocation orders = TableLocation.of(ORDERS);

  @Test
  void containsFilesBelowTheLocationUnderAnyS3Scheme() {
    assertThat(orders.contains(ORDERS + "/data/a.parquet")).isTrue();
    assertThat(orders.contains(ORDERS + "/metadata/v1.metadata.json")).isTrue();
    assertThat(orders.contains("s3a://warehouse/raw/sales/orders-1f2e/data/a.parquet")).isTrue();
    assertThat(orders.contains("S3N://warehouse/raw/sales/orders-1f2e/x")).isTrue();
    assertThat(TableLocation.of(ORDERS + "/").contains(ORDERS + "/x")).isTrue();
    // Iceberg writes partition values URL-encoded into data file paths.
    assertThat(orders.contains(ORDERS + "/data/region=us%20east/a.parquet")).isTrue();
    assertThat(orders.contains(ORDERS + "/data/région=ü/a.parquet")).isTrue();
  }

  @Test
  void refusesEverythingElse() {
    List<String> foreign =
        List.of(
            ORDERS,
            ORDERS + "/",
            ORDERS + "x/data/a.parquet",
            "s3://warehouse/raw/sales/orders-1f2",
            "s3://warehouse/curated/customers-9a8b/metadata/v1.metadata.json",
            "s3://other/raw/sales/orders-1f2e/data/a.parquet",
            "gs://warehouse/raw/sales/orders-1f2e/data/a.parquet",
            "file:///etc/passwd",
            "/raw/sales/orders-1f2e/data/a.parquet",
            "raw/sales/orders-1f2e/data/a.parquet",
            ORDERS + "/../customers-9a8b/data/a.parquet",
            ORDERS + "/data/../../customers-9a8b/a",
            ORDERS + "/./a",
            ORDERS + "//a",
            ORDERS + "/a?/../../../curated/x",
            ORDERS + "/a#x",
            ORDERS + "/a\\..\\b",
            ORDERS + "/a\u0000b",
            ORDERS + "/a\u202eb",
            ORDERS + "/a\ud800b",
            "",
            "s3://");
    for (String path : foreign) {
      assertThat(orders.contains(path)).as(path).isFalse();
      assertThat(orders.refusal(path)).as(path).isPresent();
    }
    assertThat(orders.contains(null)).isFalse();
  }

  @Test
  void anUnusableLocationContainsNothing() {
    for (String location :
        List.of(
            "s3://warehouse", "s3://", "warehouse/raw/t", "s3://warehouse/raw/../curated", "")) {
      TableLocation table = TableLocation.of(location);
      assertThat(table.contains(location + "/data/a.parquet")).as(location).isFalse();
      assertThat(table.refusal("s3://warehouse/raw/t/a")).get().asString().contains("owns no path");
    }
    assertThat(TableLocation.of(null).contains("s3://warehouse/a/b")).isFalse();
  }

  @Test
  void aWarehouseMayBeAWholeBucketATableMayNot() {
    assertThat(TableLocation.ofWarehouse("s3://warehouse").contains("s3://warehouse/raw/t-1"))
        .isTrue();
    assertThat(TableLocation.ofWarehouse("s3://warehouse/").contains("s3a://warehouse/raw"))
        .isTrue();
    assertThat(TableLocation.ofWarehouse("s3://warehouse").contains("s3://other/raw")).isFalse();
    assertThat(TableLocation.ofWarehouse("s3://warehouse").contains("s3://warehouse/../x"))
        .isFalse();
    assertThat(TableLocation.of("s3://warehouse").contains("s3://warehouse/raw/t-1")).isFalse();
  }

  @Test
  void aMovedTableOwnsWhatLiesUnderItsFormerLocationsToo() {
    TableLocation moved = TableLocation.of(ORDERS + "-moved", List.of(ORDERS, "s3://warehouse"));
    assertThat(moved.contains(ORDERS + "-moved/data/a.parquet")).isTrue();
    assertThat(moved.contains(ORDERS + "/data/a.parquet")).isTrue();
    // A former location that is not a usable table location adds nothing.
    assertThat(moved.contains("s3://warehouse/curated/x")).isFalse();
    assertThat(moved.roots()).containsExactly(ORDERS + "-moved", ORDERS);
  }

  @Test
  void aTableThatMayOwnNothingSaysWhy() {
    TableLocation none = TableLocation.none(ORDERS, "its metadata is in doubt");
    assertThat(none.contains(ORDERS + "/data/a.parquet")).isFalse();
    assertThat(none.refusal(ORDERS + "/data/a.parquet"))
        .contains("the table owns no path: its metadata is in doubt");
    assertThat(TableLocation.of("s3://warehouse").refusal("s3://warehouse/x"))
        .contains("the table owns no path: its location is a whole bucket");
  }

  @Test
  void prefixesMustBeTheLocationOrInsideIt() {
    assertThat(orders.containsPrefix(ORDERS)).isTrue();
    assertThat(orders.containsPrefix(ORDERS + "/")).isTrue();
    assertThat(orders.containsPrefix(ORDERS + "/data/")).isTrue();
    assertThat(orders.containsPrefix("s3://warehouse/raw/sales")).isFalse();
    assertThat(orders.containsPrefix("s3://warehouse/raw/sales/orders-1f")).isFalse();
  }

  @Test
  void locationsTakeLettersDigitsAndFewPunctuationMarks() {
    assertThat(TableLocation.unsafeCharacter("s3://warehouse/raw/sales/orders-1f2e")).isEmpty();
    assertThat(TableLocation.unsafeCharacter("s3a://b/raw/données_2=x.y")).isEmpty();
    for (String bad :
        List.of(
            "?", "#", "%", " ", "\t", "\n", "\u0000", "\u200b", "\u202e", ":", "@", "+", "\\")) {
      assertThat(TableLocation.unsafeCharacter("s3://warehouse/raw/a" + bad + "b"))
          .as("'%s'", bad)
          .isPresent();
    }
  }

  @Test
  void safeSegmentsReplaceWhatLocationsMayNotHold() {
    assertThat(TableLocation.safeSegment("orders")).isEqualTo("orders");
    assertThat(TableLocation.safeSegment("my orders?#%")).isEqualTo("my_orders___");
    assertThat(TableLocation.safeSegment("a/b")).isEqualTo("a_b");
    assertThat(TableLocation.safeSegment("données.v2=x")).isEqualTo("données.v2=x");
    assertThat(TableLocation.unsafeCharacter("s3://w/" + TableLocation.safeSegment("a\u202e b%")))
        .isEmpty();
  }
}
