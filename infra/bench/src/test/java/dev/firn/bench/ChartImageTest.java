package dev.firn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firn.bench.core.Summary;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
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
  void barsScaleWithTheirMedians() {
    BufferedImage image = ChartImage.draw(chart(exact(100), exact(25), exact(50), exact(75)));

    int[] firn = tallestBars(image, ChartImage.FIRN);
    int[] reference = tallestBars(image, ChartImage.REFERENCE);

    // The axis tops out at 100, so Firn's first bar spans the whole plot.
    assertThat((double) firn[1] / firn[0]).isCloseTo(0.5, within(0.01));
    assertThat((double) reference[0] / firn[0]).isCloseTo(0.25, within(0.01));
    assertThat((double) reference[1] / firn[0]).isCloseTo(0.75, within(0.01));
  }

  @Test
  void aMissingFigureDrawsNoBar() {
    Summary missing = new Summary(Double.NaN, Double.NaN, Double.NaN);

    BufferedImage image = ChartImage.draw(chart(exact(10), missing, exact(10), missing));

    assertThat(tallestBars(image, ChartImage.REFERENCE)).containsOnly(0);
    assertThat(tallestBars(image, ChartImage.FIRN)).doesNotContain(0);
  }

  @Test
  void theAxisTopsOutAtARoundValueAboveTheLargest() {
    assertThat(BarChart.axisTop(0)).isEqualTo(1);
    assertThat(BarChart.axisTop(100)).isEqualTo(100);
    assertThat(BarChart.axisTop(101)).isEqualTo(200);
    assertThat(BarChart.axisTop(2_300)).isEqualTo(2_500);
    assertThat(BarChart.axisTop(0.42)).isEqualTo(0.5);
  }

  @Test
  void whiskersReachTheLargestMaximum() {
    BarChart chart = chart(new Summary(10, 8, 30), exact(5), exact(12), new Summary(11, 9, 13));

    assertThat(chart.largestValue()).isEqualTo(30);
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

  /**
   * The tallest column of {@code colour} above the axis in the left and in the right half of the
   * image: the heights of the two groups' bars of that side.
   */
  private static int[] tallestBars(BufferedImage image, Color colour) {
    int[] tallest = new int[2];
    for (int x = 0; x < image.getWidth(); x++) {
      int count = 0;
      for (int y = 0; y < ChartImage.baseline(); y++) {
        if (image.getRGB(x, y) == colour.getRGB()) {
          count++;
        }
      }
      int half = x < image.getWidth() / 2 ? 0 : 1;
      tallest[half] = Math.max(tallest[half], count);
    }
    return tallest;
  }
}
