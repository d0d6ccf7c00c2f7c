package dev.firn.catalog.rest;

import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.aws.s3.S3FileIOProperties;

/**
 * How a client reaches a table's files: with the storage keys the catalog shares (only with
 * admins), or with S3 requests the catalog signs for it, one table at a time.
 */
enum StorageAccess {
  KEYS,
  SIGNING;

  /** The storage properties that grant no access of their own. */
  static final java.util.Set<String> KEY_PROPERTIES =
      java.util.Set.of(
          S3FileIOProperties.ACCESS_KEY_ID,
          S3FileIOProperties.SECRET_ACCESS_KEY,
          S3FileIOProperties.SESSION_TOKEN);

  /** Iceberg's {@code S3FileIO} property that makes it ask the catalog to sign. */
  static final String REMOTE_SIGNING = "s3.remote-signing-enabled";

  /** The catalog-wide storage defaults this access gets: no keys but for {@link #KEYS}. */
  Map<String, String> defaults(Map<String, String> storage) {
    Map<String, String> defaults = new HashMap<>(storage);
    if (this == SIGNING) {
      defaults.keySet().removeAll(KEY_PROPERTIES);
    }
    return defaults;
  }

  /** A table's storage settings for this access: without keys, signing on, for {@link #SIGNING}. */
  Map<String, String> table(Map<String, String> storage) {
    Map<String, String> config = defaults(storage);
    if (this == SIGNING) {
      config.put(REMOTE_SIGNING, "true");
    }
    return config;
  }

  /** A suffix for cache keys and entity tags, as answers differ by access. */
  String variant() {
    return this == KEYS ? "" : "+signed";
  }
}
