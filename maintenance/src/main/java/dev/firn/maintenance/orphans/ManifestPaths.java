package dev.firn.maintenance.orphans;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.InternalData;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.types.Types;

/**
 * Reads only locations out of manifest lists and manifests, with every other column left unread. A
 * manifest yields the file of every entry, deleted entries included: a file a later snapshot
 * removed may still be read by an older one, and keeping too much is the safe mistake.
 */
final class ManifestPaths {
  // A manifest entry holds its file in the struct with field id 2 (data_file); Iceberg keeps the
  // entry type internal, so the projection names the id itself.
  private static final int ENTRY_FILE_ID = 2;
  private static final Schema ENTRY_PATH =
      new Schema(
          Types.NestedField.required(
              ENTRY_FILE_ID, "data_file", Types.StructType.of(DataFile.FILE_PATH)));
  private static final Schema LIST_PATH = new Schema(ManifestFile.PATH, ManifestFile.LENGTH);

  private ManifestPaths() {}

  /** Each manifest a manifest list names, with its length in bytes. */
  static void manifests(FileIO io, String manifestList, BiConsumer<String, Long> sink) {
    read(
        io.newInputFile(manifestList),
        LIST_PATH,
        row -> sink.accept(row.get(0, CharSequence.class).toString(), row.get(1, Long.class)));
  }

  /** The file of each entry of a manifest: data files, delete files and deletion vectors. */
  static void files(FileIO io, String manifest, long length, Consumer<String> sink) {
    InputFile file = length > 0 ? io.newInputFile(manifest, length) : io.newInputFile(manifest);
    read(
        file,
        ENTRY_PATH,
        row -> sink.accept(row.get(0, StructLike.class).get(0, CharSequence.class).toString()));
  }

  private static void read(InputFile file, Schema projection, Consumer<StructLike> rows) {
    try (CloseableIterable<StructLike> records =
        InternalData.read(FileFormat.AVRO, file).project(projection).build()) {
      records.forEach(rows);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file.location(), e);
    }
  }
}
