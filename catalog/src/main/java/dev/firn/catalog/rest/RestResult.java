package dev.firn.catalog.rest;

import java.util.Map;

/**
 * What an operation answers: a status, a body to write as JSON (none for 204 and 304), and headers.
 */
record RestResult(int status, Object body, Map<String, String> headers) {
  static RestResult of(Object body) {
    return new RestResult(body == null ? 204 : 200, body, Map.of());
  }

  static RestResult notModified(String etag) {
    return new RestResult(304, null, Map.of("ETag", etag));
  }

  RestResult withETag(String etag) {
    return new RestResult(status, body, Map.of("ETag", etag));
  }
}
