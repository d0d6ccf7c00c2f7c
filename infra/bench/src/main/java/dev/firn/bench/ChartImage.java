package dev.firn.bench;

import dev.firn.bench.catalog.MarkdownReport;
import dev.firn.bench.core.Summary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws a {@link BarChart} with Java2D into a PNG, headless: no window system and no library beyond
 * the JDK.
 */
final class ChartImage {
  static final int WIDTH = 960;
  static final int HEIGHT = 540;
  static final Color FIRN = new Color(0x1F, 0x6F, 0xB4);
  static final Color REFERENCE = new Color(0xE0, 0x7B, 0x39);
  // Further sides: green, then purple.
  static final List<Color> OTHERS =
      List.of(new Color(0x3A, 0x9A, 0x5B), new Color(0x8E, 0x5B, 0xB0));
  private static final Color INK = new Color(0x22, 0x22, 0x22);
  private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
  private static final int LEFT = 100;
  private static final int RIGHT = 30;
  private static final int TOP = 60;
  private static final int BOTTOM = 130;
  private static final int TICKS = 5;

  private ChartImage() {}

  static {
    // Charts are drawn on build machines and servers without a display.
    System.setProperty("java.awt.headless", "true");
  }

  /** Writes the chart as a PNG of {@link #WIDTH} by {@link #HEIGHT} pixels. */
  static void write(BarChart chart, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(draw(chart), "png", file.toFile())) {
      throw new IOException("No PNG writer in this Java runtime");
    }
  }

  static BufferedImage draw(BarChart chart) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      // Text is smoothed; bars keep exact colours and edges.
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      double top = BarChart.axisTop(chart.largestValue());
      axes(g, chart, top);
      List<BarChart.Group> groups = chart.groups();
      List<Color> colors = colors(chart);
      int bars = colors.size();
      double groupWidth = (double) plotWidth() / Math.max(1, groups.size());
      // Two bars take 64% of their group, as before further sides existed; more share 72%.
      int barWidth = (int) Math.min(80, groupWidth * (bars == 2 ? 0.32 : 0.72 / bars));
      for (int i = 0; i < groups.size(); i++) {
        int center = LEFT + (int) Math.round(groupWidth * (i + 0.5));
        BarChart.Group group = groups.get(i);
        List<Summary> values = group.bars();
        int left = center - (bars * barWidth + (bars - 1) * 4) / 2;
        for (int b = 0; b < bars; b++) {
          bar(g, values.get(b), left + b * (barWidth + 4), barWidth, top, colors.get(b));
        }
        label(g, group.label(), center);
      }
      legend(g, chart);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** The vertical pixel of {@code value} on an axis from 0 to {@code top}. */
  static int y(double value, double top) {
    return TOP + plotHeight() - (int) Math.round(value / top * plotHeight());
  }

  /** The pixel row of the horizontal axis; bars stand on it, labels and legend lie below. */
  static int baseline() {
    return TOP + plotHeight();
  }

  private static int plotWidth() {
    return WIDTH - LEFT - RIGHT;
  }

  private static int plotHeight() {
    return HEIGHT - TOP - BOTTOM;
  }

  private static void axes(Graphics2D g, BarChart chart, double top) {
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.setColor(INK);
    centered(g, chart.title(), WIDTH / 2, 32);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics metrics = g.getFontMetrics();
    for (int tick = 0; tick <= TICKS; tick++) {
      double value = top * tick / TICKS;
      int y = y(value, top);
      g.setColor(GRID);
      g.drawLine(LEFT, y, LEFT + plotWidth(), y);
      g.setColor(INK);
      String text = tick == 0 ? "0" : MarkdownReport.number(value);
      g.drawString(text, LEFT - 8 - metrics.stringWidth(text), y + metrics.getAscent() / 2);
    }
    g.drawLine(LEFT, TOP, LEFT, TOP + plotHeight());
    g.drawLine(LEFT, TOP + plotHeight(), LEFT + plotWidth(), TOP + plotHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    centered(g, chart.valueAxis(), -(TOP + plotHeight() / 2), 30);
    g.setTransform(saved);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    centered(
        g,
        "variant (bars: median of the measured repetitions; whiskers: minimum to maximum)",
        LEFT + plotWidth() / 2,
        HEIGHT - 38);
  }

  private static void bar(Graphics2D g, Summary summary, int x, int width, double top, Color fill) {
    int base = TOP + plotHeight();
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    if (!Double.isFinite(summary.median())) {
      g.setColor(INK);
      centered(g, "n/a", x + width / 2, base - 6);
      return;
    }
    int y = y(summary.median(), top);
    g.setColor(fill);
    g.fillRect(x, y, width, base - y);
    int middle = x + width / 2;
    int high = y;
    if (Double.isFinite(summary.min()) && Double.isFinite(summary.max())) {
      int low = y(summary.min(), top);
      high = y(summary.max(), top);
      g.setColor(INK);
      g.setStroke(new BasicStroke(1.5f));
      g.drawLine(middle, low, middle, high);
      g.drawLine(middle - width / 6, low, middle + width / 6, low);
      g.drawLine(middle - width / 6, high, middle + width / 6, high);
      g.setStroke(new BasicStroke(1f));
    }
    g.setColor(INK);
    centered(g, MarkdownReport.number(summary.median()), middle, Math.min(y, high) - 5);
  }

  /**
   * The group's name under the axis, broken at its commas; a comma inside a number, as in "5,000",
   * has no space after it and stays.
   */
  private static void label(Graphics2D g, String label, int center) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(INK);
    int y = TOP + plotHeight() + 18;
    for (String line : label.split(",\\s+")) {
      centered(g, line, center, y);
      y += 15;
    }
  }

  /** The bars' colours, left to right: Firn, further sides, the reference. */
  static List<Color> colors(BarChart chart) {
    List<Color> colors = new ArrayList<>();
    colors.add(FIRN);
    for (int i = 0; i < chart.otherLabels().size(); i++) {
      colors.add(OTHERS.get(i % OTHERS.size()));
    }
    colors.add(REFERENCE);
    return colors;
  }

  private static void legend(Graphics2D g, BarChart chart) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    FontMetrics metrics = g.getFontMetrics();
    int y = HEIGHT - 18;
    List<String> labels = new ArrayList<>();
    labels.add(chart.firnLabel());
    labels.addAll(chart.otherLabels());
    labels.add(chart.referenceLabel());
    List<Color> colors = colors(chart);
    int width = -24;
    for (String label : labels) {
      width += 20 + metrics.stringWidth(label) + 24;
    }
    int x = WIDTH / 2 - width / 2;
    for (int i = 0; i < labels.size(); i++) {
      g.setColor(colors.get(i));
      g.fillRect(x, y - 11, 14, 12);
      g.setColor(INK);
      g.drawString(labels.get(i), x + 20, y);
      x += 20 + metrics.stringWidth(labels.get(i)) + 24;
    }
  }

  private static void centered(Graphics2D g, String text, int center, int baseline) {
    g.drawString(text, center - g.getFontMetrics().stringWidth(text) / 2, baseline);
  }
}
