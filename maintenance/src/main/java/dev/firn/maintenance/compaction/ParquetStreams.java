package dev.firn.maintenance.compaction;

import java.io.IOException;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Iceberg's files as Parquet's own file interfaces, so Parquet's file writer can copy row groups
 * through the table's {@code FileIO}. Iceberg keeps its own adapters package-private.
 */
final class ParquetStreams {
  private ParquetStreams() {}

  static InputFile input(org.apache.iceberg.io.InputFile file) {
    return new InputFile() {
      @Override
      public long getLength() {
        return file.getLength();
      }

      @Override
      public SeekableInputStream newStream() {
        org.apache.iceberg.io.SeekableInputStream stream = file.newStream();
        return new DelegatingSeekableInputStream(stream) {
          @Override
          public long getPos() throws IOException {
            return stream.getPos();
          }

          @Override
          public void seek(long position) throws IOException {
            stream.seek(position);
          }
        };
      }

      @Override
      public String toString() {
        return file.location();
      }
    };
  }

  /** An output whose stream still tells its final length once closed. */
  static final class Output implements OutputFile {
    private final org.apache.iceberg.io.OutputFile file;
    private Stream stream;

    Output(org.apache.iceberg.io.OutputFile file) {
      this.file = file;
    }

    /** Bytes written so far; the file's length once its writer has ended. */
    long length() {
      return stream == null ? 0 : stream.position;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      stream = new Stream(file.create());
      return stream;
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      stream = new Stream(file.createOrOverwrite());
      return stream;
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return file.location();
    }
  }

  private static final class Stream extends PositionOutputStream {
    private final org.apache.iceberg.io.PositionOutputStream out;
    private long position;

    Stream(org.apache.iceberg.io.PositionOutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      position++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      position += length;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
