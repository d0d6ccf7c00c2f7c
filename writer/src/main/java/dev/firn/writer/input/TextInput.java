package dev.firn.writer.input;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.apache.iceberg.io.InputFile;

/** Opens text inputs as UTF-8 readers, gunzipping {@code .gz} files and counting bytes read. */
final class TextInput {
  private static final int BUFFER = 1 << 16;

  private TextInput() {}

  /** An input stream that counts the bytes read through it. */
  static final class CountingStream extends FilterInputStream {
    private long count;

    CountingStream(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }

  static boolean gzipped(String location) {
    return location.endsWith(".gz") || location.endsWith(".GZ");
  }

  /** The file's bytes, counted before decompression. */
  static CountingStream counting(InputFile file) {
    return new CountingStream(file.newStream());
  }

  /** A reader over a counted stream of {@code file}, gunzipping when its name ends with .gz. */
  static BufferedReader reader(InputFile file, CountingStream raw) throws IOException {
    InputStream in = raw;
    if (gzipped(file.location())) {
      try {
        in = new GZIPInputStream(raw, BUFFER);
      } catch (IOException e) {
        raw.close();
        throw e;
      }
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER);
  }

  /** The line without a leading byte order mark. */
  static String withoutBom(String line) {
    return !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
  }
}
