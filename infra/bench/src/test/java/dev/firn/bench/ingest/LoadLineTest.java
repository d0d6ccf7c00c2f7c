package dev.firn.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadLineTest {
  @Test
  void theLoaderLineSurvivesTheRoundTripWithItsCores() {
    LoadLine line = new LoadLine(true, 1000, 2048, 2, 4096, 1500, 300_000, 2);

    assertThat(LoadLine.find(List.of("a log line", line.render("firn", "raw.t")))).contains(line);
    assertThat(line.seconds()).isEqualTo(1.5);
  }

  @Test
  void readsTheSparkEnginesJsonLine() {
    String spark =
        "{\"engine\":\"spark\",\"job\":\"ingest\",\"table\":\"raw.t\",\"startup_ms\":9000,"
            + "\"rows\":35841,\"bytes_read\":8388806,\"data_files\":2,\"bytes_written\":1728777,"
            + "\"load_ms\":5600,\"tasks\":3,\"cores\":2,\"peak_rss_kb\":494716,"
            + "\"succeeded\":true,\"error\":null}";

    assertThat(LoadLine.find(List.of("WARN something", spark)))
        .contains(new LoadLine(true, 35841, 8388806, 2, 1728777, 5600, 494716, 2));
  }

  @Test
  void aFailedSparkLoadHasNoResultLine() {
    String failed =
        "{\"engine\":\"spark\",\"job\":\"ingest\",\"table\":\"raw.t\",\"startup_ms\":9000,"
            + "\"peak_rss_kb\":1,\"succeeded\":false,\"error\":\"boom\"}";

    assertThat(LoadLine.find(List.of(failed, "{\"engine\":\"spark\",\"job\":\"ingest\" cut")))
        .isEmpty();
  }

  @Test
  void rowsPerCoreDivideByTheCoresTheLoadReported() {
    LoadMeasurement spark = load(Loader.SPARK, 2);
    LoadMeasurement plain = load(Loader.BASELINE, 1);
    LoadMeasurement unknown = load(Loader.FIRN, -1);

    assertThat(spark.rowsPerSecondPerCore()).isEqualTo(500);
    assertThat(plain.rowsPerSecondPerCore()).isEqualTo(1000);
    assertThat(unknown.rowsPerSecondPerCore()).isNaN();
  }

  @Test
  void aRowCountMismatchFailsTheLoadLoudly() {
    LoadMeasurement mismatched = load(Loader.SPARK, 2).rowCountMismatch(999, 1000);

    assertThat(mismatched.succeeded()).isFalse();
    assertThat(mismatched.describe())
        .contains(
            "ROW COUNT MISMATCH: the table holds 999 rows after the load, the input has 1,000");
  }

  private static LoadMeasurement load(Loader loader, int cores) {
    return new LoadMeasurement(
        loader,
        InputFormat.NDJSON,
        "raw.t",
        new LoadLine(true, 1000, 1 << 20, 1, 1 << 20, 1000, 1024, cores),
        3.0,
        100,
        null);
  }
}
