package dev.firn.boundary;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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

  /**
   * The key under which Firn's catalog tells a client, in the config of a loaded table, the roots
   * that table's deletes are held to (comma-separated; empty when the table may delete nothing).
   * The catalog knows, from its registry, where a table lived before a move and whether the
   * location its metadata states is really its own; the metadata alone does not.
   */
  public static final String CONFIG_KEY = "firn.boundary.table-locations";

  private final String location;
  // The normalized roots a path may lie under; empty when the table may own no path.
  private final List<String> roots;
  private final String problem;

  private TableLocation(String location, List<String> roots, String problem) {
    this.location = location;
    this.roots = roots;
    this.problem = problem;
  }

  /** The rule for the table at {@code location}; an unusable location contains no path. */
  public static TableLocation of(String location) {
    return of(location, List.of());
  }

  /**
   * The rule for a table at {@code location} that also owns what lies under the locations it had
   * before a move, where its older files stay.
   */
  public static TableLocation of(String location, Collection<String> former) {
    Optional<String> problem = rootProblem(location, false);
    if (problem.isPresent()) {
      return none(location, "its location " + problem.get());
    }
    List<String> roots = new ArrayList<>();
    roots.add(normalize(location));
    for (String earlier : former) {
      if (rootProblem(earlier, false).isEmpty() && !roots.contains(normalize(earlier))) {
        roots.add(normalize(earlier));
      }
    }
    return new TableLocation(location, List.copyOf(roots), null);
  }

  /**
   * The same rule for paths under a warehouse, which unlike a table may be a whole bucket: which
   * paths lie inside it.
   */
  public static TableLocation ofWarehouse(String location) {
    Optional<String> problem = rootProblem(location, true);
    return problem.isPresent()
        ? none(location, "its location " + problem.get())
        : new TableLocation(location, List.of(normalize(location)), null);
  }

  /** A table that may own no path at all, and why. */
  public static TableLocation none(String location, String why) {
    return new TableLocation(location, List.of(), why);
  }

  private static Optional<String> rootProblem(String location, boolean bucketAllowed) {
    if (location == null || location.isEmpty()) {
      return Optional.of("is missing");
    }
    return problem(normalize(location), false, bucketAllowed);
  }

  /** The location as the table's metadata states it. */
  public String location() {
    return location;
  }

  /** The normalized roots paths may lie under, the table's location first; empty for none. */
  public List<String> roots() {
    return roots;
  }

  /** Whether the path belongs to the table. */
  public boolean contains(String path) {
    return refusal(path).isEmpty();
  }

  /** Why a path does not belong to the table, or empty when it does. */
  public Optional<String> refusal(String path) {
    if (roots.isEmpty()) {
      return Optional.of("the table owns no path: " + problem);
    }
    if (path == null || path.isEmpty()) {
      return Optional.of("an empty path");
    }
    String normalized = normalize(path);
    if (roots.stream().noneMatch(root -> normalized.startsWith(root + "/"))) {
      return Optional.of("outside the table location " + roots.get(0));
    }
    return problem(normalized, true, false).map(reason -> "a path that " + reason);
  }

  /** Whether {@code prefix} is one of the table's roots or lies inside one. */
  public boolean containsPrefix(String prefix) {
    return prefix != null && (roots.contains(normalize(prefix)) || contains(prefix));
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
    return other instanceof TableLocation that
        && Objects.equals(location, that.location)
        && roots.equals(that.roots);
  }

  @Override
  public int hashCode() {
    return Objects.hash(location, roots);
  }

  @Override
  public String toString() {
    return roots.isEmpty() ? String.valueOf(location) : roots.get(0);
  }
}
