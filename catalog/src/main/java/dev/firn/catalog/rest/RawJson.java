package dev.firn.catalog.rest;

import java.nio.charset.StandardCharsets;

/**
 * A response body that is serialized JSON already: a stored response being replayed, or a cached
 * load-table response.
 */
record RawJson(byte[] bytes) {
  static RawJson of(String json) {
    return new RawJson(json.getBytes(StandardCharsets.UTF_8));
  }

  String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
