package dev.firn.writer.input;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the sampled values of one text column looked like, for schema inference. */
final class Shape {
  enum Kind {
    NONE,
    LONG,
    DOUBLE,
    BOOLEAN,
    TEXT,
    STRUCT,
    LIST,
    MIXED
  }

  private Kind kind = Kind.NONE;
  private int textMask = TextValues.ALL;
  private final Map<String, Shape> fields = new LinkedHashMap<>();
  private Shape element;

  Kind kind() {
    return kind;
  }

  int textMask() {
    return textMask;
  }

  /** The fields seen in objects, in first-seen order. */
  Map<String, Shape> fields() {
    return fields;
  }

  /** The shape of a field of this object, created when first seen. */
  Shape field(String name) {
    return fields.computeIfAbsent(name, n -> new Shape());
  }

  /** The shape of this array's elements, or null when no element was seen. */
  Shape element() {
    return element;
  }

  Shape elementShape() {
    if (element == null) {
      element = new Shape();
    }
    return element;
  }

  void add(Kind seen) {
    if (kind == Kind.NONE || kind == seen) {
      kind = seen;
    } else if (isNumber(kind) && isNumber(seen)) {
      kind = Kind.DOUBLE;
    } else {
      kind = Kind.MIXED;
    }
  }

  /** A text value that could be the types in {@code mask} (see {@link TextValues#kinds}). */
  void addText(int mask) {
    add(Kind.TEXT);
    textMask &= mask;
  }

  private static boolean isNumber(Kind kind) {
    return kind == Kind.LONG || kind == Kind.DOUBLE;
  }
}
