package dev.firn.bench;

import dev.firn.bench.core.Summary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Draws a {@link BarChart} as a PNG with JFreeChart: per group one bar per side at its median, in
 * the side's colour, with a whisker from its minimum to its maximum.
 */
final class ChartImage {
  static final int WIDTH = 960;
  static final int HEIGHT = 540;
  static final Color FIRN = new Color(0x1F, 0x6F, 0xB4);
  static final Color REFERENCE = new Color(0xE0, 0x7B, 0x39);
  static final List<Color> OTHERS =
      List.of(new Color(0x3A, 0x9A, 0x5B), new Color(0x8E, 0x5B, 0xB0));

  static {
    // Charts are drawn on build machines and servers without a display.
    System.setProperty("java.awt.headless", "true");
  }

  private ChartImage() {}

  /** Writes the chart as a PNG of {@link #WIDTH} by {@link #HEIGHT} pixels. */
  static void write(BarChart chart, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(file.toFile(), draw(chart), WIDTH, HEIGHT);
  }

  static JFreeChart draw(BarChart chart) {
    List<String> sides = sides(chart);
    List<List<Summary>> bars = new ArrayList<>();
    DefaultCategoryDataset medians = new DefaultCategoryDataset();
    for (BarChart.Group group : chart.groups()) {
      List<Summary> groupBars = group.bars();
      bars.add(groupBars);
      for (int side = 0; side < sides.size(); side++) {
        double median = groupBars.get(side).median();
        // A missing figure draws no bar.
        medians.addValue(Double.isFinite(median) ? median : null, sides.get(side), group.label());
      }
    }
    WhiskerBars renderer = new WhiskerBars(bars);
    List<Color> colors = colors(chart);
    for (int side = 0; side < colors.size(); side++) {
      renderer.setSeriesPaint(side, colors.get(side));
    }
    CategoryAxis groups = new CategoryAxis();
    groups.setMaximumCategoryLabelLines(2);
    NumberAxis values = new NumberAxis(chart.valueAxis());
    // The axis reaches the highest whisker, not only the highest bar.
    double largest = largest(bars);
    if (largest > 0) {
      values.setRange(0, largest * 1.05);
    }
    CategoryPlot plot = new CategoryPlot(medians, groups, values, renderer);
    plot.setOrientation(PlotOrientation.VERTICAL);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
    JFreeChart image = new JFreeChart(chart.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    image.setBackgroundPaint(Color.WHITE);
    return image;
  }

  private static double largest(List<List<Summary>> bars) {
    double largest = 0;
    for (List<Summary> group : bars) {
      for (Summary summary : group) {
        for (double value : new double[] {summary.median(), summary.max()}) {
          if (Double.isFinite(value)) {
            largest = Math.max(largest, value);
          }
        }
      }
    }
    return largest;
  }

  /** The legend's names, in the order of each group's bars: Firn, the others, the reference. */
  private static List<String> sides(BarChart chart) {
    List<String> sides = new ArrayList<>();
    sides.add(chart.firnLabel());
    sides.addAll(chart.otherLabels());
    sides.add(chart.referenceLabel());
    return sides;
  }

  private static List<Color> colors(BarChart chart) {
    List<Color> colors = new ArrayList<>();
    colors.add(FIRN);
    for (int i = 0; i < chart.otherLabels().size(); i++) {
      colors.add(OTHERS.get(i % OTHERS.size()));
    }
    colors.add(REFERENCE);
    return colors;
  }

  /** Flat bars at the medians, each with a whisker from its side's minimum to its maximum. */
  private static final class WhiskerBars extends BarRenderer {
    private static final BasicStroke WHISKER = new BasicStroke(1.5f);

    private final List<List<Summary>> bars;

    WhiskerBars(List<List<Summary>> bars) {
      this.bars = bars;
      setBarPainter(new StandardBarPainter());
      setShadowVisible(false);
      setItemMargin(0.05);
    }

    @Override
    public void drawItem(
        Graphics2D g,
        CategoryItemRendererState state,
        Rectangle2D dataArea,
        CategoryPlot plot,
        CategoryAxis domainAxis,
        ValueAxis rangeAxis,
        CategoryDataset dataset,
        int row,
        int column,
        int pass) {
      super.drawItem(g, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
      Summary summary = bars.get(column).get(row);
      if (pass != 0 || !Double.isFinite(summary.min()) || !Double.isFinite(summary.max())) {
        return;
      }
      double x =
          calculateBarW0(plot, plot.getOrientation(), dataArea, domainAxis, state, row, column)
              + state.getBarWidth() / 2;
      double low = rangeAxis.valueToJava2D(summary.min(), dataArea, plot.getRangeAxisEdge());
      double high = rangeAxis.valueToJava2D(summary.max(), dataArea, plot.getRangeAxisEdge());
      double cap = state.getBarWidth() / 4;
      g.setPaint(Color.DARK_GRAY);
      g.setStroke(WHISKER);
      g.draw(new Line2D.Double(x, low, x, high));
      g.draw(new Line2D.Double(x - cap, low, x + cap, low));
      g.draw(new Line2D.Double(x - cap, high, x + cap, high));
    }
  }
}
