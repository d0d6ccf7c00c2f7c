package dev.firn.writer.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.formats.ReadBuilder;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.types.TypeUtil;

/** Parquet files, with or without Iceberg field ids (matched by name when without). */
final class ParquetSource {
  private static final int PROGRESS_EVERY = 10_000;
  private static final int TAIL = 8;

  private ParquetSource() {}

  static Schema schema(InputFile file) {
    return footer(file).schema();
  }

  static void read(InputFile file, Schema schema, RowSink sink) {
    ParquetFooter footer = footer(file);
    long length = file.getLength();
    ReadBuilder<Record, Object> builder =
        FormatModelRegistry.readBuilder(FileFormat.PARQUET, Record.class, file);
    if (footer.hasIds()) {
      builder.project(TypeUtil.reassignOrRefreshIds(schema, footer.schema()));
    } else {
      builder.project(schema).withNameMapping(MappingUtil.create(schema));
    }
    long row = 1;
    try (CloseableIterable<Record> rows = builder.build();
        CloseableIterator<Record> iterator = rows.iterator()) {
      for (; iterator.hasNext(); row++) {
        sink.accept(iterator.next());
        if (row % PROGRESS_EVERY == 0 && footer.rowCount() > 0) {
          sink.bytesRead(length * row / footer.rowCount());
        }
      }
      sink.bytesRead(length);
    } catch (IOException | RuntimeException e) {
      if (e instanceof BadInputException bad) {
        throw bad;
      }
      throw new BadInputException(
          file.location() + ":row " + row, "Cannot read Parquet data: " + e.getMessage(), e);
    }
  }

  /** The file's footer; a file whose tail or footer is bad throws naming the offset. */
  static ParquetFooter footer(InputFile file) {
    long length = file.getLength();
    if (length < 12) {
      throw new BadInputException(
          file.location(),
          "Not a Parquet file (only " + length + " bytes, too short for a footer)");
    }
    try {
      return ParquetFooter.read(file);
    } catch (Exception e) {
      // Only a file that fails to read has its tail read again, to say where it is bad.
      long footerStart = footerStart(file, length);
      throw new BadInputException(
          file.location(),
          "Not a Parquet file (bad footer at offset " + footerStart + "): " + e.getMessage(),
          e);
    }
  }

  private static long footerStart(InputFile file, long length) {
    byte[] tail = new byte[TAIL];
    try (SeekableInputStream in = file.newStream()) {
      in.seek(length - TAIL);
      int read = 0;
      while (read < TAIL) {
        int n = in.read(tail, read, TAIL - read);
        if (n < 0) {
          throw new IOException("Unexpected end of file");
        }
        read += n;
      }
    } catch (IOException e) {
      throw new BadInputException(file.location(), "Cannot read: " + e.getMessage(), e);
    }
    String magic = new String(Arrays.copyOfRange(tail, 4, TAIL), StandardCharsets.ISO_8859_1);
    if ("PARE".equals(magic)) {
      throw new BadInputException(file.location(), "Encrypted Parquet files are not supported");
    } else if (!"PAR1".equals(magic)) {
      throw new BadInputException(
          file.location(),
          "Not a Parquet file (bad footer at offset "
              + (length - 4)
              + ": expected magic PAR1, found "
              + Arrays.toString(Arrays.copyOfRange(tail, 4, TAIL))
              + ")");
    }
    long footerLength =
        (tail[0] & 0xFFL)
            | (tail[1] & 0xFFL) << 8
            | (tail[2] & 0xFFL) << 16
            | (tail[3] & 0xFFL) << 24;
    long footerStart = length - TAIL - footerLength;
    if (footerLength == 0 || footerStart < 4) {
      throw new BadInputException(
          file.location(),
          "Not a Parquet file (bad footer at offset "
              + (length - TAIL)
              + ": footer length "
              + footerLength
              + " does not fit in "
              + length
              + " bytes)");
    }
    return footerStart;
  }
}
