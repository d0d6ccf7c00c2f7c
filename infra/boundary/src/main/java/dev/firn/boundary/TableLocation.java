package dev.firn.boundary;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one rule for whether a path belongs to a table: it lies strictly below the table's location,
 * under the same scheme ({@code s3}, {@code s3a} and {@code s3n} are one) and bucket, and no part
 * of it could be read as a step up, an empty step, or a cut. Every path a table's metadata adds is
 * checked against it when it enters the catalog, and every delete is checked against it again when
 * it happens.
 *
 * <p>{@code write.data.path} and {@code write.metadata.path} must lie inside the location, so the
 * location alone decides. A location that is itself unusable (no bucket, a step up, an escape)
 * contains nothing.
 *
 * <pre>{@code
 * TableLocation table = TableLocation.of("s3://warehouse/raw/orders-1f2e");
 * table.contains("s3a://warehouse/raw/orders-1f2e/data/a.parquet");   // true
 * table.refusal("s3://warehouse/curated/customers-9a8b/metadata/v1.metadata.json");
 * // Optional["outside the table location s3://warehouse/raw/orders-1f2e"]
 * }</pre>
 */
public final class TableLocation implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Set<String> S3_SCHEMES = Set.of("s3", "s3a", "s3n");
  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");

  /** Punctuation a location may hold besides letters and digits. */
  private static final String LOCATION_PUNCTUATION = "-_./=";

  private final String location;
  // The normalized location, or null when the location is unusable.
  private final String root;
  private final String problem;

  private TableLocation(String location, String root, String problem) {
    this.location = location;
    this.root = root;
    this.problem = problem;
  }

  /** The rule for the table at {@code location}; an unusable location contains no path. */
  public static TableLocation of(String location) {
    return of(location, false);
  }

  /**
   * The same rule for paths under a warehouse, which unlike a table may be a whole bucket: which
   * paths lie inside it.
   */
  public static TableLocation ofWarehouse(String location) {
    return of(location, true);
  }

  private static TableLocation of(String location, boolean bucketAllowed) {
    if (location == null || location.isEmpty()) {
      return new TableLocation(location, null, "the table has no location");
    }
    String normalized = normalize(location);
    Optional<String> problem = problem(normalized, false, bucketAllowed);
    return problem
        .map(reason -> new TableLocation(location, null, "its location " + reason))
        .orElseGet(() -> new TableLocation(location, normalized, null));
  }

  /** The location as the table's metadata states it. */
  public String location() {
    return location;
  }

  /** Whether the path belongs to the table. */
  public boolean contains(String path) {
    return refusal(path).isEmpty();
  }

  /** Why a path does not belong to the table, or empty when it does. */
  public Optional<String> refusal(String path) {
    if (root == null) {
      return Optional.of("the table's " + problem);
    }
    if (path == null || path.isEmpty()) {
      return Optional.of("an empty path");
    }
    String normalized = normalize(path);
    if (!normalized.startsWith(root + "/")) {
      return Optional.of("outside the table location " + root);
    }
    return problem(normalized, true, false).map(reason -> "a path that " + reason);
  }

  /** Whether {@code prefix} is this table's location or lies inside it. */
  public boolean containsPrefix(String prefix) {
    return root != null && prefix != null && (normalize(prefix).equals(root) || contains(prefix));
  }

  /**
   * Why a location or a path property may not be set: the first character outside letters, digits
   * and {@code - _ . / =} after the scheme, or empty when every character is allowed. Object stores
   * read {@code ?} and {@code #} as the end of a key, {@code %} as an escape, and invisible
   * characters make two paths look alike.
   */
  public static Optional<String> unsafeCharacter(String location) {
    if (location == null) {
      return Optional.empty();
    }
    int start = location.indexOf("://");
    start = start < 0 ? 0 : start + 3;
    for (int i = start; i < location.length(); ) {
      int c = location.codePointAt(i);
      if (!Character.isLetterOrDigit(c) && LOCATION_PUNCTUATION.indexOf(c) < 0) {
        return Optional.of(
            String.format("the character U+%04X at position %d is not allowed", c, i)
                + " (locations take letters, digits and - _ . / = only)");
      }
      i += Character.charCount(c);
    }
    return Optional.empty();
  }

  /**
   * Replaces each character a location may not hold by {@code _}, for building locations out of
   * names.
   */
  public static String safeSegment(String name) {
    StringBuilder out = new StringBuilder(name.length());
    name.codePoints()
        .forEach(
            c ->
                out.appendCodePoint(
                    Character.isLetterOrDigit(c)
                            || (c != '/' && LOCATION_PUNCTUATION.indexOf(c) >= 0)
                        ? c
                        : '_'));
    return out.toString();
  }

  /**
   * The location in the form locations are compared in: the scheme in lower case, {@code s3a} and
   * {@code s3n} as {@code s3}, trailing slashes dropped.
   */
  public static String normalize(String location) {
    String result = location;
    int colon = result.indexOf("://");
    if (colon > 0) {
      String scheme = result.substring(0, colon).toLowerCase(Locale.ROOT);
      if (S3_SCHEMES.contains(scheme)) {
        scheme = "s3";
      }
      result = scheme + result.substring(colon);
    }
    while (result.endsWith("/") && !result.endsWith("://")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }

  /**
   * What is wrong with a normalized location or path: no scheme or bucket, no path under the bucket
   * (for a location), or a segment that is empty, {@code .} or {@code ..}, or a character that an
   * object store or file system would read as something else.
   */
  private static Optional<String> problem(
      String normalized, boolean isPath, boolean bucketAllowed) {
    int separator = normalized.indexOf("://");
    if (separator <= 0 || !SCHEME.matcher(normalized.substring(0, separator)).matches()) {
      return Optional.of("has no scheme (expected s3://bucket/...)");
    }
    String rest = normalized.substring(separator + 3);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    if (bucket.isEmpty()) {
      return Optional.of("has no bucket");
    }
    if (slash < 0 || slash == rest.length() - 1) {
      return bucketAllowed
          ? Optional.empty()
          : Optional.of(isPath ? "names a bucket" : "is a whole bucket");
    }
    for (String segment : rest.split("/", -1)) {
      if (segment.isEmpty()) {
        return Optional.of("has an empty segment");
      }
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.of("has a '" + segment + "' segment");
      }
    }
    for (int i = 0; i < rest.length(); ) {
      int c = rest.codePointAt(i);
      if (c == '?' || c == '#' || c == '\\' || isInvisible(c)) {
        return Optional.of(String.format("holds the character U+%04X", c));
      }
      i += Character.charCount(c);
    }
    return Optional.empty();
  }

  /** Control and formatting characters, separators other than space, and unpaired surrogates. */
  private static boolean isInvisible(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c)
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TableLocation that && Objects.equals(location, that.location);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(location);
  }

  @Override
  public String toString() {
    return root != null ? root : String.valueOf(location);
  }
}
