package dev.firn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.Versions;
import dev.firn.bench.ingest.FormatResult;
import dev.firn.bench.ingest.IngestReport;
import dev.firn.bench.ingest.IngestSection;
import dev.firn.bench.ingest.IngestSettings;
import dev.firn.bench.ingest.InputFormat;
import dev.firn.bench.ingest.InputSet;
import dev.firn.bench.ingest.LoadLine;
import dev.firn.bench.ingest.LoadMeasurement;
import dev.firn.bench.ingest.Loader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestSectionTest {
  private static final InputSet INPUT =
      new InputSet(InputFormat.PARQUET, List.of(Path.of("a"), Path.of("b")), 64L << 20, 1000);

  @Test
  void rowsPerCoreDivideEachLoaderByTheCoresItUsed() {
    SuiteSection section = SuiteSection.ingest(report(load(Loader.SPARK, 1200, 2)));

    FigureRow perCore = section.tables().get(0).rows().get(1);
    assertThat(perCore.figure()).isEqualTo(IngestSection.ROWS_PER_CORE);
    assertThat(perCore.firn().median()).isEqualTo(1000);
    assertThat(perCore.reference().median()).isEqualTo(600);
    assertThat(section.tables().get(0).notes())
        .contains(
            "Cores per load, which rows/s per core divides by: Firn [2], Spark [2].",
            "Row counts: every successful load's table holds the input's 1,000 rows, Spark's"
                + " tables and Firn's alike.");
    assertThat(section.setup().get(0)).startsWith("input size: 64 MB per format");
    assertThat(section.goals()).extracting(GoalCheck::measured).containsExactly(1000.0 / 600);
  }

  @Test
  void aRowCountMismatchLeavesTheLoadOutAndWarns() {
    LoadMeasurement mismatched = load(Loader.SPARK, 1200, 2).rowCountMismatch(999, 1000);

    SuiteSection section = SuiteSection.ingest(report(mismatched));

    assertThat(section.tables().get(0).rows().get(0).reference().median()).isNaN();
    assertThat(section.tables().get(0).notes())
        .anyMatch(note -> note.startsWith("WARNING: ROW COUNT MISMATCH in 1 loads"));
    assertThat(section.warnings()).singleElement().asString().contains("ROW COUNT MISMATCH");
  }

  private static LoadMeasurement load(Loader loader, long rowsPerSecond, int cores) {
    return new LoadMeasurement(
        loader,
        InputFormat.PARQUET,
        "raw.t",
        new LoadLine(true, rowsPerSecond, 64L << 20, 2, 1 << 20, 1000, 1024, cores),
        3.0,
        100,
        null);
  }

  /** A report of one Parquet load per loader: Firn's at 2,000 rows/s on two cores, and Spark's. */
  private static IngestReport report(LoadMeasurement spark) {
    FormatResult format =
        new FormatResult(
            INPUT,
            List.of(),
            Map.of(Loader.FIRN, List.of(load(Loader.FIRN, 2000, 2)), Loader.SPARK, List.of(spark)));
    IngestSettings settings =
        new IngestSettings(
            false, 64, 1, false, Duration.ofMinutes(1), List.of(Loader.FIRN, Loader.SPARK), null);
    return new IngestReport(
        TestStamps.took(Duration.ofMinutes(1)),
        settings,
        new Versions("0.1.0", "1.12.0", ""),
        new ServerJvm("2g"),
        ServerJvm.defaults(),
        List.of(format));
  }
}
