package dev.firn.catalog.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.responses.LoadTableResponse;

/**
 * Serialized load-table responses, keyed by table, metadata file location and snapshot mode. A
 * metadata file never changes once written, so neither does the response built from it; for a table
 * with a long history, writing its JSON is most of the cost of a load. The table is part of the key
 * because a response also says where that table may delete, and two rows may name one file. Bounded
 * in bytes.
 */
final class LoadResponseCache {
  /** Default bound on the cached bytes. */
  static final long MAX_BYTES_DEFAULT = 64L * 1024 * 1024;

  private final Cache<String, RawJson> responses;

  LoadResponseCache(long maxBytes) {
    this.responses =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .<String, RawJson>weigher((key, json) -> json.bytes().length)
            .build();
  }

  /** The cached response for this version of the table, if any. */
  RawJson get(TableIdentifier table, String metadataLocation, String mode) {
    return responses.getIfPresent(key(table, metadataLocation, mode));
  }

  /** Serializes a loaded response and keeps it under the version it describes. */
  RawJson put(TableIdentifier table, LoadTableResponse response, String mode) {
    try {
      RawJson json = new RawJson(RestJson.mapper().writeValueAsBytes(response));
      responses.put(key(table, response.metadataLocation(), mode), json);
      return json;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize a load-table response", e);
    }
  }

  private static String key(TableIdentifier table, String metadataLocation, String mode) {
    return mode + "\n" + table + "\n" + metadataLocation;
  }
}
