package dev.firn.writer.input;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
  private boolean beyondInt;
  private long values;
  private final long[] fitting = new long[CANDIDATES.length];
  private final List<List<String>> misfits = new ArrayList<>();

  /** The narrow types a text column may have, by {@link TextValues} bit, in order of preference. */
  private static final int[] CANDIDATES = {
    TextValues.LONG,
    TextValues.DOUBLE,
    TextValues.BOOLEAN,
    TextValues.DATE,
    TextValues.TIMESTAMPTZ,
    TextValues.TIMESTAMP
  };

  private static final String[] NAMES = {
    "long", "double", "boolean", "date", "timestamptz", "timestamp"
  };

  private static final int MISFITS_KEPT = 3;

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

  /**
   * Counts a scalar value for the notes of {@link #typeNote}: {@code mask} holds the {@link
   * TextValues} types it could be, {@code shown} how a message shows it.
   */
  void count(int mask, String shown) {
    values++;
    for (int i = 0; i < CANDIDATES.length; i++) {
      if (misfits.size() <= i) {
        misfits.add(new ArrayList<>());
      }
      if ((mask & CANDIDATES[i]) != 0) {
        fitting[i]++;
      } else if (misfits.get(i).size() < MISFITS_KEPT) {
        misfits.get(i).add(shown);
      }
    }
  }

  /**
   * For a column typed string although nearly all its sampled values (95% or more) share a narrower
   * type: a sentence saying so and showing the values at fault; else null.
   */
  String typeNote(String column) {
    for (int i = 0; i < CANDIDATES.length; i++) {
      long misfit = values - fitting[i];
      if (values > 0 && misfit > 0 && fitting[i] * 20 >= values * 19) {
        return String.format(
            "Column %s is inferred as string: %,d of %,d sampled values are not %s (%s)",
            column, misfit, values, NAMES[i], String.join(", ", misfits.get(i)));
      }
    }
    return null;
  }

  /** Whether a whole number beyond int's range was seen. */
  boolean beyondInt() {
    return beyondInt;
  }

  void sawBeyondInt() {
    beyondInt = true;
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
