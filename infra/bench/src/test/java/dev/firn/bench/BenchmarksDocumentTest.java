package dev.firn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.Summary;
import dev.firn.bench.core.TableVariant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarksDocumentTest {
  @TempDir Path root;

  @Test
  void writesTheDocumentWithTablesGoalsAndOneChartPerScenario() throws IOException {
    Path document = Benchmarks.write(run(), root, root);

    String text = Files.readString(document, StandardCharsets.UTF_8);
    assertThat(document).isEqualTo(root.resolve("docs/benchmarks.md"));
    assertThat(text)
        .contains("| Cores | 2 |")
        .contains("| Memory | 24105 MB |")
        .contains("| Firn | 0.1.0 on Iceberg 1.12.0 |")
        .contains("![2. Commits: commits/s](benchmarks/scenario-2-commits.png)")
        .contains("| commits/s | 12.0 | 11.0–13.0 | 10.0 | 9.00–11.0 | 1.20 |")
        .contains(
            "| 2. Commits | Commits, 1 writer | one writer: at least 1.5x the reference server's"
                + " commits/s | 1.20x | missed by 20%: Firn needs 1.25x its figure |")
        .contains("## Where Firn misses a goal, and what the profiles show")
        .contains("## Not in the suite: the plan's full sizes")
        .contains("- WARNING: see infra/bench/target/suite-run/load.log")
        .doesNotContain(root.toString());
    Path chart = root.resolve("docs/benchmarks/scenario-2-commits.png");
    assertThat(ImageIO.read(chart.toFile()).getWidth()).isEqualTo(ChartImage.WIDTH);
  }

  private SuiteRun run() {
    ScenarioResult commits =
        new ScenarioResult(
            "Commits, 1 writer",
            TableVariant.writers(1),
            List.of(
                new FigureRow("commits/s", new Summary(12, 11, 13), new Summary(10, 9, 11)),
                new FigureRow(
                    "latency p99, ms", new Summary(80, 70, 90), new Summary(120, 100, 130))),
            List.of("Firn: 60 commits acknowledged."));
    Map<String, String> software = new LinkedHashMap<>();
    software.put("Firn", "0.1.0 on Iceberg 1.12.0");
    return new SuiteRun(
        TestStamps.took(Duration.ofMinutes(3)),
        true,
        software,
        List.of(
            new SuiteSection(
                SuiteScenario.COMMITS,
                List.of("one writer"),
                List.of(commits),
                List.of("see " + root.resolve("infra/bench/target/suite-run/load.log")))),
        Map.of("loadTable and commits", Duration.ofMinutes(3)),
        List.of("1.00 1.00 1.00", "2.00 2.00 2.00"));
  }
}
