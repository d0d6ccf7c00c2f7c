package dev.firn.catalog.rebase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.InternalData;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFile.PartitionFieldSummary;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;

/**
 * A snapshot's manifest list, written by the catalog in the layout the table spec fixes for format
 * versions 1 and 2, through Iceberg's public writer for metadata files. Iceberg's own list writers
 * are not public; its readers read what this writes.
 */
final class ManifestListFile {
  /** The manifest list columns of format version 1, in the spec's order. */
  static final Schema V1 =
      new Schema(
          ManifestFile.PATH,
          ManifestFile.LENGTH,
          ManifestFile.SPEC_ID,
          ManifestFile.SNAPSHOT_ID,
          ManifestFile.ADDED_FILES_COUNT,
          ManifestFile.EXISTING_FILES_COUNT,
          ManifestFile.DELETED_FILES_COUNT,
          ManifestFile.PARTITION_SUMMARIES,
          ManifestFile.ADDED_ROWS_COUNT,
          ManifestFile.EXISTING_ROWS_COUNT,
          ManifestFile.DELETED_ROWS_COUNT,
          ManifestFile.KEY_METADATA);

  /** The manifest list columns of format version 2, in the spec's order. */
  static final Schema V2 =
      new Schema(
          ManifestFile.PATH,
          ManifestFile.LENGTH,
          ManifestFile.SPEC_ID,
          ManifestFile.MANIFEST_CONTENT.asRequired(),
          ManifestFile.SEQUENCE_NUMBER.asRequired(),
          ManifestFile.MIN_SEQUENCE_NUMBER.asRequired(),
          ManifestFile.SNAPSHOT_ID,
          ManifestFile.ADDED_FILES_COUNT.asRequired(),
          ManifestFile.EXISTING_FILES_COUNT.asRequired(),
          ManifestFile.DELETED_FILES_COUNT.asRequired(),
          ManifestFile.ADDED_ROWS_COUNT.asRequired(),
          ManifestFile.EXISTING_ROWS_COUNT.asRequired(),
          ManifestFile.DELETED_ROWS_COUNT.asRequired(),
          ManifestFile.PARTITION_SUMMARIES,
          ManifestFile.KEY_METADATA);

  /** Each column's value, by field id. */
  private static final Map<Integer, Function<Entry, Object>> COLUMNS = columns();

  /** Each partition summary column's value, by field name. */
  private static final Map<String, Function<PartitionFieldSummary, Object>> SUMMARY_COLUMNS =
      Map.of(
          "contains_null", PartitionFieldSummary::containsNull,
          "contains_nan", PartitionFieldSummary::containsNaN,
          "lower_bound", PartitionFieldSummary::lowerBound,
          "upper_bound", PartitionFieldSummary::upperBound);

  private ManifestListFile() {}

  /**
   * One manifest as the list records it.
   *
   * @param manifest the manifest
   * @param sequenceNumber the sequence number the list gives it
   * @param minSequenceNumber the least data sequence number among its live files
   */
  record Entry(ManifestFile manifest, long sequenceNumber, long minSequenceNumber) {
    /** A manifest listed as it was listed before. */
    static Entry unchanged(ManifestFile manifest) {
      return new Entry(manifest, manifest.sequenceNumber(), manifest.minSequenceNumber());
    }
  }

  /**
   * The identity of the snapshot a list belongs to, kept in the file's metadata.
   *
   * @param snapshotId the snapshot
   * @param parentId its parent, or null
   * @param sequenceNumber its sequence number
   * @param formatVersion the table's format version, 1 or 2
   */
  record Owner(long snapshotId, Long parentId, long sequenceNumber, int formatVersion) {
    Owner {
      if (formatVersion < 1 || formatVersion > 2) {
        throw new IllegalArgumentException(
            "Invalid format version for a manifest list: " + formatVersion + " (must be 1 or 2)");
      }
    }

    Map<String, String> meta() {
      Map<String, String> meta = new HashMap<>();
      meta.put("snapshot-id", String.valueOf(snapshotId));
      meta.put("parent-snapshot-id", String.valueOf(parentId));
      if (formatVersion > 1) {
        meta.put("sequence-number", String.valueOf(sequenceNumber));
      }
      meta.put("format-version", String.valueOf(formatVersion));
      return meta;
    }

    Schema schema() {
      return formatVersion == 1 ? V1 : V2;
    }
  }

  /** Writes the entries, in order, to a new file. */
  static void write(OutputFile file, Owner owner, List<Entry> entries) {
    Schema schema = owner.schema();
    try (FileAppender<StructLike> writer =
        InternalData.write(FileFormat.AVRO, file)
            .schema(schema)
            .named("manifest_file")
            .meta(owner.meta())
            .build()) {
      for (Entry entry : entries) {
        writer.add(row(schema.asStruct(), field -> COLUMNS.get(field.fieldId()).apply(entry)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write manifest list " + file.location(), e);
    }
  }

  private static Map<Integer, Function<Entry, Object>> columns() {
    Map<Integer, Function<Entry, Object>> columns = new HashMap<>();
    columns.put(ManifestFile.PATH.fieldId(), e -> e.manifest().path());
    columns.put(ManifestFile.LENGTH.fieldId(), e -> e.manifest().length());
    columns.put(ManifestFile.SPEC_ID.fieldId(), e -> e.manifest().partitionSpecId());
    columns.put(ManifestFile.MANIFEST_CONTENT.fieldId(), e -> e.manifest().content().id());
    columns.put(ManifestFile.SEQUENCE_NUMBER.fieldId(), Entry::sequenceNumber);
    columns.put(ManifestFile.MIN_SEQUENCE_NUMBER.fieldId(), Entry::minSequenceNumber);
    columns.put(ManifestFile.SNAPSHOT_ID.fieldId(), e -> e.manifest().snapshotId());
    columns.put(ManifestFile.ADDED_FILES_COUNT.fieldId(), e -> e.manifest().addedFilesCount());
    columns.put(
        ManifestFile.EXISTING_FILES_COUNT.fieldId(), e -> e.manifest().existingFilesCount());
    columns.put(ManifestFile.DELETED_FILES_COUNT.fieldId(), e -> e.manifest().deletedFilesCount());
    columns.put(ManifestFile.ADDED_ROWS_COUNT.fieldId(), e -> e.manifest().addedRowsCount());
    columns.put(ManifestFile.EXISTING_ROWS_COUNT.fieldId(), e -> e.manifest().existingRowsCount());
    columns.put(ManifestFile.DELETED_ROWS_COUNT.fieldId(), e -> e.manifest().deletedRowsCount());
    columns.put(ManifestFile.PARTITION_SUMMARIES.fieldId(), e -> summaries(e.manifest()));
    columns.put(ManifestFile.KEY_METADATA.fieldId(), e -> e.manifest().keyMetadata());
    return Map.copyOf(columns);
  }

  private static List<StructLike> summaries(ManifestFile manifest) {
    if (manifest.partitions() == null) {
      return null;
    }
    return manifest.partitions().stream()
        .map(
            summary ->
                row(
                    ManifestFile.PARTITION_SUMMARY_TYPE,
                    field -> SUMMARY_COLUMNS.get(field.name()).apply(summary)))
        .toList();
  }

  /** A row of a struct type, its values read once, in the type's column order. */
  private static StructLike row(
      Types.StructType type, Function<Types.NestedField, Object> valueOfField) {
    Object[] values = type.fields().stream().map(valueOfField).toArray();
    return new StructLike() {
      @Override
      public int size() {
        return values.length;
      }

      @Override
      public <T> T get(int pos, Class<T> javaClass) {
        return javaClass.cast(values[pos]);
      }

      @Override
      public <T> void set(int pos, T value) {
        throw new UnsupportedOperationException("A manifest list row is read-only");
      }
    };
  }
}
