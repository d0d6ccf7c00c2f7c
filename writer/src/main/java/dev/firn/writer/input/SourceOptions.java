package dev.firn.writer.input;

/**
 * How to read inputs.
 *
 * @param csvDelimiter the CSV field separator
 * @param csvQuote the CSV quote character
 * @param csvHeader whether the first CSV line names the columns (else columns are c1, c2, ...)
 * @param csvNullValue the CSV text that means null (an unquoted empty field is always null)
 * @param inferRows how many rows of each text file (NDJSON, CSV) schema inference looks at
 */
public record SourceOptions(
    char csvDelimiter, char csvQuote, boolean csvHeader, String csvNullValue, int inferRows) {
  public static final int INFER_ROWS_DEFAULT = 10_000;

  public SourceOptions {
    if (inferRows < 1) {
      throw new IllegalArgumentException("Invalid infer-rows: " + inferRows + " (must be >= 1)");
    }
    if (csvDelimiter == csvQuote) {
      throw new IllegalArgumentException(
          "Invalid CSV options: delimiter and quote are both '" + csvDelimiter + "'");
    }
  }

  public static SourceOptions defaults() {
    return new SourceOptions(',', '"', true, "", INFER_ROWS_DEFAULT);
  }

  public SourceOptions withCsv(char delimiter, char quote, boolean header, String nullValue) {
    return new SourceOptions(delimiter, quote, header, nullValue, inferRows);
  }

  public SourceOptions withInferRows(int rows) {
    return new SourceOptions(csvDelimiter, csvQuote, csvHeader, csvNullValue, rows);
  }
}
