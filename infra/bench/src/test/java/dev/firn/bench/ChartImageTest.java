package dev.firn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.bench.core.Summary;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.plot.CategoryPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartImageTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  @TempDir Path folder;

  @Test
  void writesAPngOfTheChartSize() throws IOException {
    Path file = folder.resolve("charts/scenario.png");

    ChartImage.write(chart(exact(120), exact(40), exact(60), exact(30)), file);

    try (InputStream in = Files.newInputStream(file)) {
      assertThat(in.readNBytes(PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
    }
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(ChartImage.WIDTH);
    assertThat(image.getHeight()).isEqualTo(ChartImage.HEIGHT);
  }

  @Test
  void barsStandAtTheMediansInTheSidesColours() {
    CategoryPlot plot = plot(chart(exact(100), exact(25), exact(50), exact(75)));

    assertThat(plot.getDataset().getValue("Firn", "left, variant")).isEqualTo(100.0);
    assertThat(plot.getDataset().getValue("reference", "right")).isEqualTo(75.0);
    assertThat(plot.getRenderer().getSeriesPaint(0)).isEqualTo(ChartImage.FIRN);
    assertThat(plot.getRenderer().getSeriesPaint(1)).isEqualTo(ChartImage.REFERENCE);
  }

  @Test
  void aMissingFigureDrawsNoBar() {
    Summary missing = new Summary(Double.NaN, Double.NaN, Double.NaN);

    CategoryPlot plot = plot(chart(exact(10), missing, exact(10), missing));

    assertThat(plot.getDataset().getValue("reference", "right")).isNull();
    assertThat(plot.getDataset().getValue("Firn", "right")).isEqualTo(10.0);
  }

  @Test
  void theValueAxisReachesTheHighestWhisker() {
    CategoryPlot plot =
        plot(chart(new Summary(10, 8, 30), exact(5), exact(12), new Summary(11, 9, 13)));

    assertThat(plot.getRangeAxis().getUpperBound()).isGreaterThanOrEqualTo(30);
  }

  private static CategoryPlot plot(BarChart chart) {
    return ChartImage.draw(chart).getCategoryPlot();
  }

  private static Summary exact(double value) {
    return new Summary(value, value, value);
  }

  private static BarChart chart(
      Summary firnLeft, Summary referenceLeft, Summary firnRight, Summary referenceRight) {
    return new BarChart(
        "Test chart",
        "things per second",
        "Firn",
        "reference",
        List.of(
            new BarChart.Group("left, variant", firnLeft, referenceLeft),
            new BarChart.Group("right", firnRight, referenceRight)));
  }
}
