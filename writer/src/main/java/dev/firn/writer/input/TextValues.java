package dev.firn.writer.input;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Parses text into Iceberg values, and recognises which types a text could be. */
final class TextValues {
  static final int LONG = 1;
  static final int DOUBLE = 2;
  static final int BOOLEAN = 4;
  static final int DATE = 8;
  static final int TIMESTAMPTZ = 16;
  static final int TIMESTAMP = 32;
  static final int TEMPORAL = DATE | TIMESTAMPTZ | TIMESTAMP;
  static final int ALL = LONG | DOUBLE | BOOLEAN | TEMPORAL;

  private static final int MAX_SHOWN = 100;
  private static final int MAX_RAW = 8192;

  private TextValues() {}

  /** A value that does not fit its column; the message is the reason to reject the row. */
  static class ValueException extends RuntimeException {
    ValueException(String message) {
      super(message, null, false, false);
    }
  }

  /** A whole number in an int column beyond int's range: the column could widen to long. */
  static final class BeyondInt extends ValueException {
    private final String column;

    BeyondInt(String column, String shown) {
      super(
          "Column "
              + column
              + ": "
              + shown
              + " is beyond the range of int (the schema mode evolve, --schema-mode evolve,"
              + " widens "
              + column
              + " to long)");
      this.column = column;
    }

    String column() {
      return column;
    }
  }

  /** Whether a text is a whole number that fits a long but not an int. */
  static boolean beyondInt(String text) {
    try {
      long value = Long.parseLong(text.trim());
      return value < Integer.MIN_VALUE || value > Integer.MAX_VALUE;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static ValueException mismatch(String column, Type type, String shown) {
    return new ValueException("Column " + column + ": expected " + type + ", got " + shown);
  }

  /** A text as shown in messages: quoted, and shortened when long. */
  static String quoted(String text) {
    return "\"" + shorten(text) + "\"";
  }

  /** A row's text as kept with a reject: whole unless very long. */
  static String raw(String text) {
    return text.length() <= MAX_RAW ? text : text.substring(0, MAX_RAW) + "...";
  }

  static String shorten(String text) {
    return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
  }

  /** The text as a value of {@code type}; throws {@link ValueException} naming the column. */
  static Object parse(String text, Type type, String column) {
    try {
      return parseOrThrow(text, type, column);
    } catch (DateTimeException | IllegalArgumentException | ArithmeticException e) {
      if (type.typeId() == Type.TypeID.INTEGER && beyondInt(text)) {
        throw new BeyondInt(column, text.trim());
      }
      throw mismatch(column, type, quoted(text));
    }
  }

  private static Object parseOrThrow(String text, Type type, String column) {
    return switch (type.typeId()) {
      case STRING -> text;
      case BOOLEAN -> parseBoolean(text);
      case INTEGER -> Integer.parseInt(text.trim());
      case LONG -> Long.parseLong(text.trim());
      case FLOAT -> Float.parseFloat(text.trim());
      case DOUBLE -> Double.parseDouble(text.trim());
      case DECIMAL -> decimal(new BigDecimal(text.trim()), (Types.DecimalType) type, column);
      case DATE -> LocalDate.parse(text.trim());
      case TIME -> LocalTime.parse(text.trim());
      case TIMESTAMP ->
          ((Types.TimestampType) type).shouldAdjustToUTC()
              ? timestamptz(text.trim())
              : timestamp(text.trim());
      case UUID -> UUID.fromString(text.trim());
      case BINARY -> ByteBuffer.wrap(Base64.getDecoder().decode(text.trim()));
      case FIXED -> fixed(Base64.getDecoder().decode(text.trim()), type, column);
      default ->
          throw new ValueException(
              "Column "
                  + column
                  + ": type "
                  + type
                  + " cannot be read from text, got "
                  + quoted(text));
    };
  }

  static Boolean parseBoolean(String text) {
    if ("true".equalsIgnoreCase(text)) {
      return Boolean.TRUE;
    } else if ("false".equalsIgnoreCase(text)) {
      return Boolean.FALSE;
    }
    throw new IllegalArgumentException("Not a boolean: " + text);
  }

  /** The decimal with the column's scale; throws if it needs rounding or is too wide. */
  static BigDecimal decimal(BigDecimal value, Types.DecimalType type, String column) {
    BigDecimal scaled;
    try {
      scaled = value.setScale(type.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw mismatch(column, type, value.toPlainString());
    }
    if (scaled.precision() > type.precision()) {
      throw mismatch(column, type, value.toPlainString());
    }
    return scaled;
  }

  static byte[] fixed(byte[] bytes, Type type, String column) {
    int length = ((Types.FixedType) type).length();
    if (bytes.length != length) {
      throw new ValueException(
          "Column " + column + ": expected " + length + " bytes, got " + bytes.length);
    }
    return bytes;
  }

  /** An ISO-8601 date-time with an offset (or, lacking one, taken as UTC), at UTC. */
  static OffsetDateTime timestamptz(String text) {
    OffsetDateTime fast = IsoTimestamps.withOffset(text);
    if (fast != null) {
      return fast;
    }
    String iso = isoSeparator(text);
    if (hasOffset(iso)) {
      return OffsetDateTime.parse(iso).withOffsetSameInstant(ZoneOffset.UTC);
    }
    return LocalDateTime.parse(iso).atOffset(ZoneOffset.UTC);
  }

  /** An ISO-8601 local date-time (no offset). */
  static LocalDateTime timestamp(String text) {
    LocalDateTime fast = IsoTimestamps.withoutOffset(text);
    if (fast != null) {
      return fast;
    }
    return LocalDateTime.parse(isoSeparator(text));
  }

  private static String isoSeparator(String text) {
    if (text.length() > 10 && text.charAt(10) == ' ') {
      return text.substring(0, 10) + 'T' + text.substring(11);
    }
    return text;
  }

  private static boolean hasOffset(String iso) {
    if (iso.endsWith("Z") || iso.endsWith("z")) {
      return true;
    }
    int timeStart = iso.indexOf('T');
    return timeStart > 0 && (iso.indexOf('+', timeStart) > 0 || iso.indexOf('-', timeStart) > 0);
  }

  /** Which of the inferable types (a bit mask) a text could be. */
  static int kinds(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
      return BOOLEAN;
    }
    int numeric = numberKinds(text);
    if (numeric != 0) {
      return numeric;
    }
    return temporalKinds(text);
  }

  /** Which temporal types (a bit mask) a text could be. */
  static int temporalKinds(String text) {
    int length = text.length();
    if (length < 10 || length > 40 || text.charAt(4) != '-' || !Character.isDigit(text.charAt(0))) {
      return 0;
    }
    try {
      if (length == 10) {
        LocalDate.parse(text);
        return DATE;
      }
      String iso = isoSeparator(text);
      if (hasOffset(iso)) {
        OffsetDateTime.parse(iso);
        return TIMESTAMPTZ;
      }
      LocalDateTime.parse(iso);
      return TIMESTAMP;
    } catch (DateTimeException e) {
      return 0;
    }
  }

  private static int numberKinds(String text) {
    int i = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
    int digits = countDigits(text, i);
    boolean integral = digits > 0;
    i += digits;
    if (i == text.length()) {
      return integral && fitsLong(text) ? LONG | DOUBLE : integral ? DOUBLE : 0;
    }
    if (text.charAt(i) == '.') {
      int fraction = countDigits(text, i + 1);
      if (digits + fraction == 0) {
        return 0;
      }
      i += 1 + fraction;
    } else if (!integral) {
      return 0;
    }
    if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      i += i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+') ? 1 : 0;
      int exponent = countDigits(text, i);
      if (exponent == 0) {
        return 0;
      }
      i += exponent;
    }
    return i == text.length() ? DOUBLE : 0;
  }

  private static int countDigits(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }

  private static boolean fitsLong(String text) {
    try {
      Long.parseLong(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The type inferred for a column whose non-null texts all match the mask. */
  static Type.PrimitiveType typeOf(int mask) {
    if ((mask & LONG) != 0) {
      return Types.LongType.get();
    } else if ((mask & DOUBLE) != 0) {
      return Types.DoubleType.get();
    } else if ((mask & BOOLEAN) != 0) {
      return Types.BooleanType.get();
    } else if ((mask & DATE) != 0) {
      return Types.DateType.get();
    } else if ((mask & TIMESTAMPTZ) != 0) {
      return Types.TimestampType.withZone();
    } else if ((mask & TIMESTAMP) != 0) {
      return Types.TimestampType.withoutZone();
    }
    return Types.StringType.get();
  }
}
