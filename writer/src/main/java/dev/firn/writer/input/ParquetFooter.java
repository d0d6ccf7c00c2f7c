package dev.firn.writer.input;

import java.io.IOException;
import org.apache.iceberg.Schema;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/**
 * What a Parquet footer says: the file's schema as Iceberg sees it, whether it carries field ids,
 * and the row count.
 */
record ParquetFooter(Schema schema, boolean hasIds, long rowCount) {

  /**
   * Reads the footer of {@code file}.
   *
   * @throws IOException or a runtime exception from parquet-hadoop, for a file it cannot read
   */
  static ParquetFooter read(InputFile file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new ParquetInput(file))) {
      ParquetMetadata footer = reader.getFooter();
      MessageType type = footer.getFileMetaData().getSchema();
      long rows = 0;
      for (BlockMetaData block : footer.getBlocks()) {
        rows += block.getRowCount();
      }
      return new ParquetFooter(
          ParquetSchemaUtil.convert(type), ParquetSchemaUtil.hasIds(type), rows);
    }
  }

  /** An Iceberg input file as parquet-hadoop reads one. */
  private record ParquetInput(InputFile file) implements org.apache.parquet.io.InputFile {
    @Override
    public long getLength() {
      return file.getLength();
    }

    @Override
    public SeekableInputStream newStream() {
      org.apache.iceberg.io.SeekableInputStream in = file.newStream();
      return new DelegatingSeekableInputStream(in) {
        @Override
        public long getPos() throws IOException {
          return in.getPos();
        }

        @Override
        public void seek(long position) throws IOException {
          in.seek(position);
        }
      };
    }
  }
}
