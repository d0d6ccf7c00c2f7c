package dev.firn.maintenance.orphans;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A file location reduced to what names the object: scheme, authority (the bucket) and path. The S3
 * schemes {@code s3}, {@code s3a} and {@code s3n} reach the same objects and read as {@code s3};
 * runs of slashes in the path read as one, as Hadoop file systems write them.
 *
 * @param scheme the lower-case scheme, {@code s3} for any S3 scheme, empty when there is none
 * @param authority the bucket or host, empty when there is none
 * @param path the path, with single slashes
 */
record StorageLocation(String scheme, String authority, String path) {
  private static final Set<String> S3_SCHEMES = Set.of("s3", "s3a", "s3n");
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
  private static final Pattern SLASHES = Pattern.compile("/{2,}");

  static StorageLocation of(String location) {
    String scheme = "";
    String rest = location;
    int colon = location.indexOf(':');
    if (colon > 0 && SCHEME.matcher(location.substring(0, colon)).matches()) {
      scheme = location.substring(0, colon).toLowerCase(Locale.ROOT);
      rest = location.substring(colon + 1);
    }
    String authority = "";
    if (rest.startsWith("//")) {
      int end = rest.indexOf('/', 2);
      authority = end < 0 ? rest.substring(2) : rest.substring(2, end);
      rest = end < 0 ? "" : rest.substring(end);
    }
    if (S3_SCHEMES.contains(scheme)) {
      scheme = "s3";
    }
    return new StorageLocation(scheme, authority, SLASHES.matcher(rest).replaceAll("/"));
  }

  @Override
  public String toString() {
    return (scheme.isEmpty() ? "" : scheme + "://") + authority + path;
  }
}
