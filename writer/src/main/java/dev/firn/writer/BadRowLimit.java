package dev.firn.writer;

/**
 * How many bad rows a load may leave out under {@code skip} or {@code dead-letter} before it fails:
 * a count ({@code 100}) or a share of the rows read ({@code 0.5%}).
 *
 * @param rows the most bad rows, or -1 for no count limit
 * @param percent the largest share of bad rows among the rows read, or -1 for no share limit
 */
public record BadRowLimit(long rows, double percent) {
  public static final BadRowLimit NONE = new BadRowLimit(-1, -1);

  /** Parses {@code N} or {@code P%}. */
  public static BadRowLimit parse(String text) {
    String value = text.trim();
    try {
      if (value.endsWith("%")) {
        double percent = Double.parseDouble(value.substring(0, value.length() - 1).trim());
        if (percent < 0 || percent > 100 || Double.isNaN(percent)) {
          throw new NumberFormatException();
        }
        return new BadRowLimit(-1, percent);
      }
      long rows = Long.parseLong(value);
      if (rows < 0) {
        throw new NumberFormatException();
      }
      return new BadRowLimit(rows, -1);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid bad-row limit: " + text + " (a count such as 100, or a share such as 0.5%)");
    }
  }

  /** Whether {@code bad} rows is already too many, whatever the rows still to come. */
  public boolean exceededBy(long bad) {
    return rows >= 0 && bad > rows;
  }

  /** Whether {@code bad} rows among {@code read} is too many, once every row is read. */
  public boolean exceededBy(long bad, long read) {
    return exceededBy(bad) || percent >= 0 && read > 0 && bad * 100.0 / read > percent;
  }

  @Override
  public String toString() {
    return rows >= 0 ? Long.toString(rows) : percent >= 0 ? percent + "%" : "none";
  }
}
