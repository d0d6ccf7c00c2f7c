package dev.firn.catalog.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firn.catalog.CatalogMetrics;
import dev.firn.catalog.store.IdempotencyScope;
import dev.firn.catalog.store.IdempotencyStore;
import dev.firn.catalog.store.IdempotencyStore.Claim;
import dev.firn.catalog.store.IdempotencyStore.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.UnprocessableEntityException;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * Runs mutating requests that carry an {@code Idempotency-Key} at most once: a retry with the same
 * key gets the first final response (2xx or 4xx) replayed; after a server failure, a retry runs the
 * request again only if its write did not apply, and otherwise answers from the current state.
 */
final class IdempotentRequests {
  static final String HEADER = "idempotency-key";
  private static final Pattern KEY =
      Pattern.compile("[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}");

  /** How long a retry waits for a first attempt still in progress before answering 503. */
  static final Duration WAIT = Duration.ofSeconds(10);

  private final IdempotencyStore store;
  private final String catalog;
  private final CatalogMetrics metrics;

  IdempotentRequests(IdempotencyStore store, String catalog, CatalogMetrics metrics) {
    this.store = store;
    this.catalog = catalog;
    this.metrics = metrics;
  }

  /** The key lifetime advertised in {@code /v1/config}, as an ISO-8601 duration. */
  String lifetime() {
    return store.lifetime().toString();
  }

  /**
   * Runs a request once per key. {@code sender} (who sent it, and how it reaches storage) is part
   * of the request: a key another principal used is a different request, so a stored answer,
   * storage keys and all, is never replayed to anyone else.
   */
  RestResult run(
      String key,
      String sender,
      String method,
      String path,
      byte[] body,
      Supplier<RestResult> execute,
      Supplier<RestResult> fromCurrentState) {
    if (!KEY.matcher(key).matches()) {
      throw new BadRequestException("Invalid Idempotency-Key: %s (must be a UUID)", key);
    }
    String fingerprint = fingerprint(sender, method, path, body);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Claim claim = store.claim(key, fingerprint);
      switch (claim.kind()) {
        case MISMATCH:
          throw new UnprocessableEntityException(
              "Idempotency-Key %s was already used for a different request", key);
        case REPLAY:
          metrics.replay();
          return replay(claim.response());
        case APPLIED:
          metrics.replay();
          return finishOrRelease(key, claim.owner(), guarded(fromCurrentState));
        case RUN:
          try (IdempotencyScope scope = IdempotencyScope.open(catalog, key, claim.owner())) {
            return finishOrRelease(key, claim.owner(), guarded(execute));
          }
        case BUSY:
        default:
          if (System.nanoTime() > deadline) {
            return stillRunning(key);
          }
          pause();
      }
    }
  }

  private RestResult finishOrRelease(String key, String owner, RestResult result) {
    if (result.status() >= 500) {
      store.release(key, owner);
    } else {
      store.finish(key, owner, stored(result));
    }
    return result;
  }

  private static RestResult guarded(Supplier<RestResult> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      ErrorResponse error = ErrorMapping.toResponse(e);
      return new RestResult(error.code(), error, Map.of());
    }
  }

  private static StoredResponse stored(RestResult result) {
    String body;
    if (result.body() == null) {
      body = null;
    } else if (result.body() instanceof RawJson raw) {
      body = raw.text();
    } else {
      try {
        body = RestJson.mapper().writeValueAsString(result.body());
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Cannot store a response for replay", e);
      }
    }
    return new StoredResponse(result.status(), body, result.headers().get("ETag"));
  }

  private static RestResult replay(StoredResponse response) {
    Map<String, String> headers =
        response.etag() == null ? Map.of() : Map.of("ETag", response.etag());
    Object body = response.body() == null ? null : RawJson.of(response.body());
    return new RestResult(response.status(), body, headers);
  }

  private static RestResult stillRunning(String key) {
    ErrorResponse error =
        ErrorResponse.builder()
            .responseCode(503)
            .withType("ServiceUnavailableException")
            .withMessage("A request with Idempotency-Key " + key + " is still in progress")
            .build();
    return new RestResult(503, error, Map.of("Retry-After", "1"));
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for an idempotent request", e);
    }
  }

  private static String fingerprint(String sender, String method, String path, byte[] body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((sender + "\n" + method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        digest.update(body);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
