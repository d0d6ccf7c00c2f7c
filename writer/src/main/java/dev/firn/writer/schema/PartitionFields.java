package dev.firn.writer.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.UpdatePartitionSpec;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.Term;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.transforms.Transforms;
import org.apache.iceberg.types.Type;

/**
 * Partition fields written as Iceberg transforms: {@code region} or {@code identity(region)},
 * {@code year(ts)}, {@code month(ts)}, {@code day(ts)}, {@code hour(ts)}, {@code bucket(16, id)},
 * {@code truncate(4, name)}.
 */
public final class PartitionFields {
  private static final Pattern CALL =
      Pattern.compile("\\s*([a-z]+)\\s*\\(\\s*(?:(\\d+)\\s*,\\s*)?([^(),\\s][^(),]*?)\\s*\\)\\s*");

  /** One parsed field: a transform of a source column. */
  public record Field(String transform, Integer argument, String column) {
    Term term() {
      return switch (transform) {
        case "identity" -> Expressions.ref(column);
        case "year" -> Expressions.year(column);
        case "month" -> Expressions.month(column);
        case "day" -> Expressions.day(column);
        case "hour" -> Expressions.hour(column);
        case "bucket" -> Expressions.bucket(column, argument);
        case "truncate" -> Expressions.truncate(column, argument);
        default -> throw new IllegalStateException("Unknown transform: " + transform);
      };
    }

    String text() {
      return argument == null
          ? transform + "(" + column + ")"
          : transform + "(" + argument + ", " + column + ")";
    }

    Transform<?, ?> transform(Type source) {
      return Transforms.fromString(source, argument == null ? transform : text(transform));
    }

    private String text(String name) {
      return name + "[" + argument + "]";
    }
  }

  private PartitionFields() {}

  public static List<Field> parse(List<String> terms) {
    List<Field> fields = new ArrayList<>();
    for (String term : terms) {
      if (!term.isBlank()) {
        fields.add(parseOne(term.trim()));
      }
    }
    return fields;
  }

  private static Field parseOne(String term) {
    if (!term.contains("(")) {
      return new Field("identity", null, term);
    }
    Matcher m = CALL.matcher(term);
    if (!m.matches()) {
      throw invalid(term);
    }
    String transform = m.group(1).toLowerCase(Locale.ROOT);
    Integer argument = m.group(2) == null ? null : Integer.valueOf(m.group(2));
    boolean needsArgument = transform.equals("bucket") || transform.equals("truncate");
    boolean known =
        List.of("identity", "year", "month", "day", "hour", "bucket", "truncate")
            .contains(transform);
    if (!known || needsArgument != (argument != null) || (argument != null && argument < 1)) {
      throw invalid(term);
    }
    return new Field(transform, argument, m.group(3));
  }

  private static IllegalArgumentException invalid(String term) {
    return new IllegalArgumentException(
        "Invalid partition field: "
            + term
            + " (use col, identity(col), year(col), month(col), day(col), hour(col),"
            + " bucket(N, col) or truncate(W, col))");
  }

  /** The spec of the fields over a schema. */
  public static PartitionSpec spec(Schema schema, List<Field> fields) {
    PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
    for (Field field : fields) {
      requireColumn(schema, field);
      switch (field.transform()) {
        case "identity" -> builder.identity(field.column());
        case "year" -> builder.year(field.column());
        case "month" -> builder.month(field.column());
        case "day" -> builder.day(field.column());
        case "hour" -> builder.hour(field.column());
        case "bucket" -> builder.bucket(field.column(), field.argument());
        case "truncate" -> builder.truncate(field.column(), field.argument());
        default -> throw new IllegalStateException(field.transform());
      }
    }
    return builder.build();
  }

  /** Whether the table's spec is already exactly these fields. */
  static boolean matches(PartitionSpec spec, Schema schema, List<Field> fields) {
    if (spec.fields().size() != fields.size()) {
      return false;
    }
    for (int i = 0; i < fields.size(); i++) {
      PartitionField existing = spec.fields().get(i);
      Field wanted = fields.get(i);
      var source = schema.findField(wanted.column());
      if (source == null
          || existing.sourceId() != source.fieldId()
          || !existing.transform().toString().equals(wanted.transform(source.type()).toString())) {
        return false;
      }
    }
    return true;
  }

  /** Turns the table's spec into these fields: fields not wanted removed, missing ones added. */
  public static void evolve(
      UpdatePartitionSpec update, PartitionSpec spec, Schema schema, List<Field> fields) {
    List<String> wanted = new ArrayList<>();
    for (Field field : fields) {
      requireColumn(schema, field);
      wanted.add(
          key(
              schema.findField(field.column()).fieldId(),
              field.transform(schema.findField(field.column()).type())));
    }
    List<String> existing = new ArrayList<>();
    for (PartitionField field : spec.fields()) {
      String key = key(field.sourceId(), field.transform());
      existing.add(key);
      if (!wanted.contains(key)) {
        update.removeField(field.name());
      }
    }
    for (int i = 0; i < fields.size(); i++) {
      if (!existing.contains(wanted.get(i))) {
        update.addField(fields.get(i).term());
      }
    }
  }

  private static String key(int sourceId, Transform<?, ?> transform) {
    return sourceId + ":" + transform;
  }

  private static void requireColumn(Schema schema, Field field) {
    if (schema.findField(field.column()) == null) {
      throw new IllegalArgumentException(
          "Invalid partition field: " + field.text() + " (no column " + field.column() + ")");
    }
  }
}
