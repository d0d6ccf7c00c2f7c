package dev.firn.writer.input;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.io.InputFile;

/**
 * What a Parquet footer says: the file's schema as Iceberg sees it, whether it carries field ids,
 * and the row count. parquet-hadoop is only on the writer's runtime classpath (Iceberg declares it
 * so), hence the reflective calls; they touch only its long-stable public API.
 */
record ParquetFooter(Schema schema, boolean hasIds, long rowCount) {
  private static final String PARQUET_IO = "org.apache.iceberg.parquet.ParquetIO";
  private static final String SCHEMA_UTIL = "org.apache.iceberg.parquet.ParquetSchemaUtil";
  private static final String PARQUET_INPUT = "org.apache.parquet.io.InputFile";
  private static final String FILE_READER = "org.apache.parquet.hadoop.ParquetFileReader";
  private static final String MESSAGE_TYPE = "org.apache.parquet.schema.MessageType";

  /**
   * Reads the footer of {@code file}.
   *
   * @throws Exception whatever parquet-hadoop threw (unwrapped), for a file it cannot read
   */
  static ParquetFooter read(InputFile file) throws Exception {
    try {
      Method adapt = Class.forName(PARQUET_IO).getDeclaredMethod("file", InputFile.class);
      adapt.setAccessible(true);
      Class<?> readerClass = Class.forName(FILE_READER);
      Method open = readerClass.getMethod("open", Class.forName(PARQUET_INPUT));
      try (AutoCloseable reader = (AutoCloseable) open.invoke(null, adapt.invoke(null, file))) {
        Object footer = call(reader, "getFooter");
        Object messageType = call(call(footer, "getFileMetaData"), "getSchema");
        long rows = 0;
        for (Object block : (List<?>) call(footer, "getBlocks")) {
          rows += (Long) call(block, "getRowCount");
        }
        Class<?> schemaUtil = Class.forName(SCHEMA_UTIL);
        Class<?> messageClass = Class.forName(MESSAGE_TYPE);
        boolean ids =
            (Boolean) schemaUtil.getMethod("hasIds", messageClass).invoke(null, messageType);
        Object schema = schemaUtil.getMethod("convert", messageClass).invoke(null, messageType);
        return new ParquetFooter((Schema) schema, ids, rows);
      }
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception exception ? exception : e;
    }
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    return target.getClass().getMethod(method).invoke(target);
  }
}
